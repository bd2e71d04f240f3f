/// The points of a scatter chart, with an optional class and spread per point. All arrays
/// have one entry per point; the spreads are standard deviations in data units (the σ of a
/// diagonal Gaussian), drawn as the 1-σ axis-aligned ellipse around the point.
public struct ScatterData: Sendable, Equatable {
    public var x: [Double]
    public var y: [Double]
    /// Integer class per point (its colour and legend row), or nil for one colour.
    public var classes: [Int]?
    /// σ along x and along y per point, or nil for bare points.
    public var spreadX: [Double]?
    public var spreadY: [Double]?

    public init(x: [Double], y: [Double], classes: [Int]? = nil, spreadX: [Double]? = nil, spreadY: [Double]? = nil) {
        precondition(x.count == y.count && classes.map { $0.count == x.count } ?? true
                     && spreadX.map { $0.count == x.count } ?? true && (spreadX == nil) == (spreadY == nil)
                     && spreadY.map { $0.count == x.count } ?? true, "one entry per point in every array")
        self.x = x
        self.y = y
        self.classes = classes
        self.spreadX = spreadX
        self.spreadY = spreadY
    }

    public var count: Int { x.count }

    /// At most `limit` points, taken evenly through the rows (rows `⌊i · count / limit⌋`), so
    /// every part of the input keeps its share; all of them when there are no more.
    public func thinned(to limit: Int) -> ScatterData {
        guard limit < count else { return self }
        let rows = (0..<max(0, limit)).map { $0 * count / limit }
        return ScatterData(x: rows.map { x[$0] }, y: rows.map { y[$0] }, classes: classes.map { c in rows.map { c[$0] } },
                           spreadX: spreadX.map { s in rows.map { s[$0] } }, spreadY: spreadY.map { s in rows.map { s[$0] } })
    }
}
