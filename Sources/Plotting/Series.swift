/// One line of a chart: a name (shown in the legend) and its points, `x[i]` paired with `y[i]`.
///
/// Points are drawn in the given order, joined by straight lines. A point with a non-finite
/// coordinate (or one <= 0 on a logarithmic axis) is left out and its neighbours are joined
/// across it.
public struct Series: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var y: [Double]

    /// `x` and `y` must have the same length.
    public init(name: String, x: [Double], y: [Double]) {
        precondition(x.count == y.count, "series '\(name)': \(x.count) x values for \(y.count) y values")
        self.name = name
        self.x = x
        self.y = y
    }

    /// `y` against `0, 1, 2, ...`.
    public init(name: String, y: [Double]) {
        self.init(name: name, x: y.indices.map(Double.init), y: y)
    }

    public var count: Int { x.count }
}
