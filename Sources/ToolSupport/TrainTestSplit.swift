import TensorCore

/// How many rows go to the test part, as scikit-learn's `train_test_split(test_size=)` takes it:
/// a fraction of the rows (0 < f < 1, rounded up) or a count (a whole number ≥ 1).
public enum TestSize: Sendable, Equatable, CustomStringConvertible {
    case fraction(Double)
    case count(Int)

    /// A fraction below 1, else a whole count; nil for anything else (0, negatives, 2.5).
    public init?(_ value: Double) {
        if value > 0 && value < 1 {
            self = .fraction(value)
        } else if value >= 1, value == value.rounded(), let count = Int(exactly: value) {
            self = .count(count)
        } else {
            return nil
        }
    }

    /// The test rows out of `rows`: ⌈f·rows⌉ for a fraction (scikit-learn's rule), the count as given.
    public func testRows(of rows: Int) -> Int {
        switch self {
        case .fraction(let f): return Int((f * Double(rows)).rounded(.up))
        case .count(let n): return n
        }
    }

    /// As given: `0.25` or `300`.
    public var description: String {
        switch self {
        case .fraction(let f): return String(f)
        case .count(let n): return String(n)
        }
    }
}

/// A seeded train/test split of `rows` row indices (scikit-learn's `train_test_split` with
/// `shuffle=True`): a permutation of `0..<rows` from `SeededGenerator(seed:)`, its first
/// `testRows` entries are the test rows and the rest the training rows. Unlike scikit-learn,
/// each part lists its rows in the input's order (ascending), so a split keeps the order of
/// the stream. Same rows, size and seed, same split.
public struct TrainTestSplit: Sendable, Equatable {
    /// Indices of the training rows, ascending.
    public let trainRows: [Int]
    /// Indices of the test rows, ascending.
    public let testRows: [Int]

    /// Fails (`ToolFailure`) when either part would be empty.
    public init(rows: Int, testSize: TestSize, seed: UInt64) throws {
        let testCount = testSize.testRows(of: rows)
        guard testCount < rows else {
            throw ToolFailure("--test-size \(testSize.description) takes \(testCount) of the \(rows) rows and leaves none to train on; give a smaller count or a fraction below 1")
        }
        guard testCount >= 1 else {
            throw ToolFailure("--test-size \(testSize.description) takes no row of the \(rows) rows; give a larger fraction or a count")
        }
        var order = Array(0..<rows)
        var generator = SeededGenerator(seed: seed)
        generator.shuffle(&order)
        testRows = order[..<testCount].sorted()
        trainRows = order[testCount...].sorted()
    }
}
