/// What can make a chart impossible to draw, each with a one-line description fit to follow
/// `plot: ` on stderr.
public enum PlotError: Error, CustomStringConvertible, Equatable {
    /// The chart has no series at all.
    case noSeries
    /// A series with no finite point (all missing, NaN or infinite).
    case noPoints(series: String)
    /// A series with no point left on a logarithmic axis (every value there is <= 0).
    case nothingPositive(series: String, axis: String)
    /// Explicit limits that cannot make an axis (`min >= max`, or <= 0 on a log axis).
    case invalidLimits(axis: String, detail: String)
    /// Too small a picture for the axes, labels and plot area.
    case tooSmall(width: Int, height: Int, minimum: String)
    case tooManySeries(count: Int, limit: Int)
    /// Explicit limits that leave out every point (the data spans `data` on that axis).
    case limitsOutsideData(axis: String, limits: (min: Double?, max: Double?), data: (min: Double, max: Double))

    public static func == (a: PlotError, b: PlotError) -> Bool { a.description == b.description }

    public var description: String {
        switch self {
        case .noSeries:
            return "nothing to plot (no series)"
        case let .noPoints(series):
            return "series '\(series)' has no finite values (all missing, nan or inf)"
        case let .nothingPositive(series, axis):
            return "series '\(series)' has no \(axis) values > 0 to draw on the log \(axis) axis (drop --log-\(axis))"
        case let .invalidLimits(axis, detail):
            return "bad \(axis) axis limits: \(detail)"
        case let .tooSmall(width, height, minimum):
            return "a \(width)x\(height) picture is too small for the chart (at least \(minimum))"
        case let .tooManySeries(count, limit):
            return "\(count) series are too many to draw (at most \(limit)); pick some with --y"
        case let .limitsOutsideData(axis, limits, data):
            let set = [limits.min.map { "--\(axis)min \($0)" }, limits.max.map { "--\(axis)max \($0)" }].compactMap { $0 }
            return "\(set.joined(separator: " and ")) leave\(set.count == 1 ? "s" : "") out every point: the data's \(axis) values run from \(data.min) to \(data.max)"
        }
    }
}
