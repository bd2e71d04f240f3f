/// How values map to positions along an axis.
public enum AxisScale: Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; only values > 0 can be drawn.
    case log
}

/// What the caller fixes about an axis; everything left nil is worked out from the data.
public struct AxisOptions: Sendable, Equatable {
    public var scale: AxisScale
    /// Explicit lower limit (else the loose "nice" range around the data).
    public var min: Double?
    /// Explicit upper limit.
    public var max: Double?
    /// The axis title (none when nil or empty).
    public var label: String?

    public init(scale: AxisScale = .linear, min: Double? = nil, max: Double? = nil, label: String? = nil) {
        self.scale = scale
        self.min = min
        self.max = max
        self.label = label
    }
}

/// Where the legend goes, inside the plot area.
public enum LegendPosition: String, Sendable, CaseIterable {
    /// The corner whose legend box would cover the fewest line samples; no legend for a
    /// single series (the y-axis label names it).
    case auto
    case upperRight = "upper-right"
    case upperLeft = "upper-left"
    case lowerLeft = "lower-left"
    case lowerRight = "lower-right"
    /// Outside the plot area, at the top of a column on its right (the plot area narrows).
    case right
    case none
}

/// Whether to mark each data point.
public enum MarkerMode: Sendable, Equatable {
    /// Markers on the series with at most `MarkerMode.autoLimit` points.
    case auto
    case always
    case never

    public static let autoLimit = 30
}

/// A line chart: its series, axes, title, size in pixels and decorations. `ChartRenderer`
/// draws it.
public struct Chart: Sendable {
    public var series: [Series]
    public var title: String?
    public var x: AxisOptions
    public var y: AxisOptions
    /// Picture size in pixels.
    public var width: Int
    public var height: Int
    public var markers: MarkerMode
    public var legend: LegendPosition

    public init(series: [Series], title: String? = nil, x: AxisOptions = AxisOptions(), y: AxisOptions = AxisOptions(),
                width: Int = 800, height: Int = 500, markers: MarkerMode = .auto, legend: LegendPosition = .auto) {
        self.series = series
        self.title = title
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.markers = markers
        self.legend = legend
    }

    /// Most series a chart draws.
    public static let maxSeries = 256
}
