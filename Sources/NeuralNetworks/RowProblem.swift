/// The first thing wrong with data rows `[count, features]`, for a model to word in its own
/// error (what the value must be and what to do).
public enum RowProblem: Sendable, Equatable {
    /// The element count is not count·features.
    case wrongCount(values: Int, rows: Int, features: Int)
    /// A NaN or infinite value.
    case nonFinite(row: Int, value: Float)
    /// A value outside the range the model needs.
    case outOfRange(row: Int, value: Float)

    /// The first problem of `values` as `count` rows of `features` (every value finite and,
    /// when `range` is given, in it); nil when there is none.
    public init?(_ values: [Float], count: Int, features: Int, range: ClosedRange<Float>? = nil) {
        guard values.count == count * features else {
            self = .wrongCount(values: values.count, rows: count, features: features)
            return
        }
        for (index, value) in values.enumerated() {
            if !value.isFinite {
                self = .nonFinite(row: index / features, value: value)
                return
            }
            if let range, !range.contains(value) {
                self = .outOfRange(row: index / features, value: value)
                return
            }
        }
        return nil
    }
}
