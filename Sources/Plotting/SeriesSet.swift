/// Series read from one input, with the name of what they are plotted against and notes on
/// what was left out (for the user, on stderr).
public struct SeriesSet: Sendable, Equatable {
    /// The x column or tensor, or `row`/`index` when x counts the points.
    public var xName: String
    public var series: [Series]
    /// One line each, e.g. `column 'err': 2 nan/inf values left out`.
    public var notes: [String]

    public init(xName: String, series: [Series], notes: [String] = []) {
        self.xName = xName
        self.series = series
        self.notes = notes
    }
}
