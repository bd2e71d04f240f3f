/// What can be wrong with a probe's data; each message says what to do.
public enum ClassificationError: Error, Equatable, CustomStringConvertible {
    case labelNotWhole(row: Int, value: Double)
    case unseenLabel(row: Int, value: Int)
    case oneClass(value: Int)
    case nonFinite(row: Int, column: Int)
    case tooFewRows(rows: Int, needed: Int, purpose: String)
    /// A frame without the tensors a probe needs, or with shapes that disagree.
    case badFrame(String)

    public var description: String {
        switch self {
        case .labelNotWhole(let row, let value):
            return "label \(value) of row \(row) is not a whole number; labels must be class numbers"
        case .unseenLabel(let row, let value):
            return "test row \(row) has label \(value), which no training row has; the classifier cannot predict it"
        case .oneClass(let value):
            return "every training row has label \(value); a classifier needs at least two classes"
        case .nonFinite(let row, let column):
            return "feature \(column) of row \(row) is nan or infinite; clean the data first"
        case .tooFewRows(let rows, let needed, let purpose):
            return "\(rows) rows are too few for \(purpose) (at least \(needed) needed)"
        case .badFrame(let message):
            return message
        }
    }
}
