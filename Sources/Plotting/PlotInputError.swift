/// What is wrong with a CSV file or stream given to plot, each with a one-line description fit
/// to follow `plot: ` on stderr. `source` is the file name or `stdin`; lines count from 1.
public enum PlotInputError: Error, CustomStringConvertible, Equatable {
    case empty(source: String)
    /// NUL bytes: neither text nor a tensor stream.
    case binary(source: String)
    /// A header row and nothing under it.
    case noDataRows(source: String)
    case wrongFieldCount(source: String, line: Int, expected: Int, found: Int)
    case unterminatedQuote(source: String, line: Int)
    /// A selected column with a cell that is neither a number, empty, nan nor inf.
    case notNumeric(source: String, column: String, line: Int, text: String, hint: String)
    /// `--x`/`--y` named a column (or tensor) that is not there; `available` lists those that are.
    case unknownName(source: String, kind: String, name: String, available: [String])
    case noNumericColumns(source: String, columns: [String])
    /// A stream with no 1-D or 2-D tensor.
    case noPlottableTensors(source: String, tensors: [String])
    /// A tensor that cannot be a series or an x axis (wrong rank or length).
    case badTensor(source: String, name: String, frame: Int, detail: String)

    public var description: String {
        switch self {
        case let .empty(source):
            return "\(source): empty input (expected a CSV file with a header row, or a tensor stream)"
        case let .binary(source):
            return "\(source): not a CSV file or tensor stream (binary data)"
        case let .noDataRows(source):
            return "\(source): no data rows under the header"
        case let .wrongFieldCount(source, line, expected, found):
            return "\(source): line \(line) has \(found) field\(found == 1 ? "" : "s"), the header has \(expected) (quote fields that contain commas)"
        case let .unterminatedQuote(source, line):
            return "\(source): the quoted field opened on line \(line) is never closed"
        case let .notNumeric(source, column, line, text, hint):
            let shown = text.count > 20 ? String(text.prefix(20)) + "..." : text
            return "\(source): column '\(column)' is not numeric ('\(shown)' on line \(line)); \(hint)"
        case let .unknownName(source, kind, name, available):
            return "\(source): no \(kind) '\(name)' (there are: \(Self.list(available)))"
        case let .noNumericColumns(source, columns):
            return "\(source): no numeric column to plot (columns: \(Self.list(columns)))"
        case let .noPlottableTensors(source, tensors):
            return "\(source): no 1-D or 2-D tensor to plot (tensors: \(Self.list(tensors)))"
        case let .badTensor(source, name, frame, detail):
            return "\(source): frame \(frame): tensor '\(name)' \(detail)"
        }
    }

    /// Names quoted and comma-separated, the first 20 and a count of the rest.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
        return names.count > 20 ? shown + " and \(names.count - 20) more" : (names.isEmpty ? "none" : shown)
    }
}
