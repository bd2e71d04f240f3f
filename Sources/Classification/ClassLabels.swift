/// The classes of a probe: the distinct whole-number label values, ascending; class index i
/// stands for `values[i]`.
public struct ClassLabels: Sendable, Equatable {
    /// The label value of each class index, ascending.
    public let values: [Int]

    /// The distinct values of `labels`, which must be whole numbers (any dtype read as Double).
    public init(_ labels: [Double]) throws(ClassificationError) {
        var seen = Set<Int>()
        for (row, value) in labels.enumerated() {
            guard let whole = Self.wholeNumber(value) else { throw .labelNotWhole(row: row, value: value) }
            seen.insert(whole)
        }
        values = seen.sorted()
    }

    public var count: Int { values.count }

    /// The class index of each label; a label that is not one of `values` is an error.
    public func indices(of labels: [Double]) throws(ClassificationError) -> [Int] {
        var index = [Int: Int]()
        for (i, value) in values.enumerated() { index[value] = i }
        var result = [Int]()
        result.reserveCapacity(labels.count)
        for (row, value) in labels.enumerated() {
            guard let whole = Self.wholeNumber(value) else { throw .labelNotWhole(row: row, value: value) }
            guard let i = index[whole] else { throw .unseenLabel(row: row, value: whole) }
            result.append(i)
        }
        return result
    }

    private static func wholeNumber(_ value: Double) -> Int? {
        guard value.isFinite, value == value.rounded(), abs(value) < 1e15 else { return nil }
        return Int(value)
    }
}
