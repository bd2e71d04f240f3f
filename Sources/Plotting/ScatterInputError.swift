/// What is wrong with the frames given to scatter, each with a one-line description fit to
/// follow `scatter: ` on stderr. Frames count from 1 through every input; rows from 0 within
/// their frame.
public enum ScatterInputError: Error, CustomStringConvertible, Equatable {
    /// A frame without a tensor the options name; `available` lists those it has.
    case missingTensor(frame: Int, name: String, role: String, option: String, available: [String])
    /// A tensor of the wrong rank, width or dtype for its role.
    case badShape(frame: Int, name: String, detail: String)
    /// A tensor whose row count differs from the points'.
    case rowsDisagree(frame: Int, name: String, rows: Int, points: String, pointRows: Int)
    /// NaN or infinity in a tensor scatter reads.
    case nonFinite(frame: Int, name: String, row: Int, value: Double)
    case notInteger(frame: Int, name: String, row: Int, value: Double)
    case negativeSpread(frame: Int, name: String, row: Int, value: Double)
    /// Every frame had zero rows.
    case noPoints(frames: Int)

    public var description: String {
        switch self {
        case let .missingTensor(frame, name, role, option, available):
            return "frame \(frame): no tensor '\(name)' for the \(role) (there are: \(PlotInputError.list(available)); name another with --\(option))"
        case let .badShape(frame, name, detail):
            return "frame \(frame): tensor '\(name)' \(detail)"
        case let .rowsDisagree(frame, name, rows, points, pointRows):
            return "frame \(frame): tensor '\(name)' has \(rows) rows but the points '\(points)' have \(pointRows)"
        case let .nonFinite(frame, name, row, value):
            return "frame \(frame): tensor '\(name)' row \(row) holds \(value) (scatter draws finite values only)"
        case let .notInteger(frame, name, row, value):
            return "frame \(frame): the labels '\(name)' must be whole numbers, row \(row) holds \(value)"
        case let .negativeSpread(frame, name, row, value):
            return "frame \(frame): the standard deviations '\(name)' must be >= 0, row \(row) holds \(value)"
        case let .noPoints(frames):
            return "no points: \(frames == 1 ? "the frame has" : "all \(frames) frames have") 0 rows"
        }
    }
}
