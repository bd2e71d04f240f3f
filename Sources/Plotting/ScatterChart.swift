/// A scatter chart: points coloured by class (`ClassPalette`), each with its 1-σ axis-aligned
/// ellipse when the data has spreads, optionally the standard normal prior's 1-σ and 2-σ
/// circles, a legend of the classes, and the axes, ticks, labels and title of `Chart`.
/// `ScatterRenderer` draws it.
public struct ScatterChart: Sendable {
    public var data: ScatterData
    public var title: String?
    /// Linear axes (a log scale given here is drawn linear: ellipses need a linear map).
    public var x: AxisOptions
    public var y: AxisOptions
    /// Picture size in pixels.
    public var width: Int
    public var height: Int
    /// Draw the N(0, I) circles of radius 1 and 2 around the origin.
    public var prior: Bool
    /// `.right` beside the plot area; `.auto` is the corner covering the fewest points. No
    /// legend for unlabelled points without the prior.
    public var legend: LegendPosition

    public init(data: ScatterData, title: String? = nil, x: AxisOptions = AxisOptions(), y: AxisOptions = AxisOptions(),
                width: Int = 960, height: Int = 720, prior: Bool = false, legend: LegendPosition = .right) {
        self.data = data
        self.title = title
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.prior = prior
        self.legend = legend
    }
}
