import TensorCore

/// Stratified K-fold splits (scikit-learn's `StratifiedKFold(shuffle=True)` in spirit): the rows
/// of each class are shuffled by `SeededGenerator(seed:)` and dealt to the folds in turn,
/// continuing from fold to fold across classes, so every fold holds each class in nearly the
/// proportion of the whole. Same classes, K and seed, same folds.
public struct CrossValidationFolds: Sendable {
    /// The rows of each fold's held-out part, ascending.
    public let heldOut: [[Int]]
    public let rows: Int

    /// `count` ≥ 2 folds over rows with these classes; fails when there are fewer rows than folds.
    public init(classes: [Int], classCount: Int, count: Int, seed: UInt64) throws(ClassificationError) {
        precondition(count >= 2, "CrossValidationFolds: at least two folds")
        guard classes.count >= count else { throw .tooFewRows(rows: classes.count, needed: count, purpose: "\(count)-fold cross-validation") }
        var generator = SeededGenerator(seed: seed)
        var folds = [[Int]](repeating: [], count: count)
        var next = 0
        for c in 0..<classCount {
            var members = classes.indices.filter { classes[$0] == c }
            generator.shuffle(&members)
            for row in members {
                folds[next].append(row)
                next = (next + 1) % count
            }
        }
        heldOut = folds.map { $0.sorted() }
        rows = classes.count
    }

    /// The rows outside fold `fold`, ascending.
    public func training(_ fold: Int) -> [Int] {
        let held = Set(heldOut[fold])
        return (0..<rows).filter { !held.contains($0) }
    }
}
