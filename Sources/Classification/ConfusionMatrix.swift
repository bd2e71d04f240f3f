/// Counts of (true class, predicted class) pairs: `counts[t][p]` rows whose class is t were
/// predicted p.
public struct ConfusionMatrix: Sendable, Equatable {
    /// `[classes][classes]`: true class, then predicted class.
    public private(set) var counts: [[Int]]

    /// An empty matrix over `classCount` classes.
    public init(classCount: Int) { counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount) }

    /// The matrix of `truth` against `predicted` (same length, indices in `0..<classCount`).
    public init(truth: [Int], predicted: [Int], classCount: Int) {
        precondition(truth.count == predicted.count, "ConfusionMatrix: lengths differ")
        self.init(classCount: classCount)
        for (t, p) in zip(truth, predicted) { counts[t][p] += 1 }
    }

    public var classCount: Int { counts.count }

    /// Adds another matrix's counts (the folds of a cross-validation).
    public mutating func add(_ other: ConfusionMatrix) {
        precondition(other.classCount == classCount, "ConfusionMatrix: class counts differ")
        for t in counts.indices { for p in counts.indices { counts[t][p] += other.counts[t][p] } }
    }

    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
    public var correct: Int { counts.indices.reduce(0) { $0 + counts[$1][$1] } }

    /// Correct predictions over all predictions (0 when empty).
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Per class: its rows predicted right over its rows; nil for a class with no rows.
    public var recalls: [Double?] {
        counts.indices.map { t in
            let rows = counts[t].reduce(0, +)
            return rows == 0 ? nil : Double(counts[t][t]) / Double(rows)
        }
    }
}
