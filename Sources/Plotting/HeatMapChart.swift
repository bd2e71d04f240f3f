/// A function of two variables sampled on a regular grid, drawn as a colour map (viridis) with
/// a colour bar, and points over it: an energy surface and the training data (issue 14's
/// `energy-map`).
public struct HeatMapChart: Sendable {
    /// The samples `[rows, columns]`, row-major; row 0 at `y.lower`, column 0 at `x.lower`.
    /// Non-finite samples are drawn grey.
    public var values: [Double]
    public var rows: Int
    public var columns: Int
    /// The grid spans these data ranges: sample (r, c) is the centre of its cell.
    public var xRange: (lower: Double, upper: Double)
    public var yRange: (lower: Double, upper: Double)
    /// Points drawn over the map (classes colour them), or nil.
    public var points: ScatterData?
    public var title: String?
    /// Axis labels (limits come from the ranges).
    public var xLabel: String?
    public var yLabel: String?
    /// The colour bar's label.
    public var valueLabel: String?
    /// The values at the colour map's two ends (matplotlib's vmin, vmax); samples beyond them
    /// take the end colours. nil: the smallest and largest finite sample.
    public var valueLimits: (lower: Double, upper: Double)?
    public var width: Int
    public var height: Int

    public init(values: [Double], rows: Int, columns: Int, xRange: (lower: Double, upper: Double), yRange: (lower: Double, upper: Double),
                points: ScatterData? = nil, title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, valueLabel: String? = nil,
                valueLimits: (lower: Double, upper: Double)? = nil, width: Int = 800, height: Int = 640) {
        precondition(rows >= 1 && columns >= 1 && values.count == rows * columns, "HeatMapChart: \(values.count) values for \(rows)×\(columns)")
        self.values = values
        self.rows = rows
        self.columns = columns
        self.xRange = xRange
        self.yRange = yRange
        self.points = points
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.valueLabel = valueLabel
        self.valueLimits = valueLimits
        self.width = width
        self.height = height
    }

    /// The values at the colour map's ends: `valueLimits`, else the smallest and largest
    /// finite sample; nil when there is no finite sample.
    public var valueRange: (lower: Double, upper: Double)? {
        let finite = values.filter(\.isFinite)
        if let valueLimits, !finite.isEmpty { return valueLimits }
        guard let lower = finite.min(), let upper = finite.max() else { return nil }
        return (lower, upper)
    }

    /// The grid cell under data point (x, y), nil outside the grid.
    public func cell(x: Double, y: Double) -> (row: Int, column: Int)? {
        let fx = (x - xRange.lower) / (xRange.upper - xRange.lower), fy = (y - yRange.lower) / (yRange.upper - yRange.lower)
        guard fx >= 0, fx <= 1, fy >= 0, fy <= 1 else { return nil }
        return (min(Int(fy * Double(rows)), rows - 1), min(Int(fx * Double(columns)), columns - 1))
    }
}
