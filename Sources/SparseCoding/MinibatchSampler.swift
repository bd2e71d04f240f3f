// The order in which online learning visits the training rows.
import TensorCore

/// Deals minibatches of row indices from `0..<rows`: each epoch is a fresh seeded
/// permutation, and batches run on across epoch boundaries, so every batch has exactly
/// `batchSize` rows (the forgetting rule of `DictionaryLearner` assumes a fixed batch size)
/// and every row is visited once per epoch.
public struct MinibatchSampler: Sendable {
    public let rows: Int
    public let batchSize: Int
    /// Rows dealt so far.
    public private(set) var dealt = 0
    var permutation: [Int]
    var position = 0
    var generator: SeededGenerator

    /// - Precondition: rows ≥ 1, batchSize ≥ 1.
    public init(rows: Int, batchSize: Int, seed: UInt64) {
        precondition(rows >= 1 && batchSize >= 1, "MinibatchSampler: needs rows and a batch size")
        self.rows = rows
        self.batchSize = batchSize
        generator = SeededGenerator(seed: seed)
        permutation = Array(0..<rows)
        shuffle()
    }

    /// The epochs completed so far (fractional).
    public var epochs: Double { Double(dealt) / Double(rows) }

    /// The next `batchSize` row indices.
    public mutating func next() -> [Int] {
        var batch = [Int]()
        batch.reserveCapacity(batchSize)
        while batch.count < batchSize {
            if position == rows {
                shuffle()
                position = 0
            }
            let take = min(batchSize - batch.count, rows - position)
            batch.append(contentsOf: permutation[position..<(position + take)])
            position += take
        }
        dealt += batchSize
        return batch
    }

    mutating func shuffle() { generator.shuffle(&permutation) }
}

/// The rows `indices` of Y `[rows, features]`, gathered into `[indices.count, features]`.
public func gatherRows(_ data: [Float], features: Int, indices: [Int]) -> [Float] {
    var out = [Float](repeating: 0, count: indices.count * features)
    data.withUnsafeBufferPointer { y in
        out.withUnsafeMutableBufferPointer { out in
            for (i, r) in indices.enumerated() {
                precondition(r >= 0 && (r + 1) * features <= y.count, "gatherRows: row \(r) out of range")
                for f in 0..<features { out[i * features + f] = y[r * features + f] }
            }
        }
    }
    return out
}

/// Splits `0..<rows` into a held-out set of `holdout` rows chosen uniformly at random (seeded)
/// and the training rows, both in increasing order.
/// - Precondition: 0 ≤ holdout ≤ rows.
public func holdoutSplit(rows: Int, holdout: Int, seed: UInt64) -> (training: [Int], holdout: [Int]) {
    precondition(holdout >= 0 && holdout <= rows, "holdoutSplit: holdout \(holdout) of \(rows) rows")
    var generator = SeededGenerator(seed: seed)
    var order = Array(0..<rows)
    // A partial Fisher–Yates: the first `holdout` places get a uniform random subset.
    for i in 0..<holdout {
        order.swapAt(i, i + generator.below(rows - i))
    }
    return (Array(order[holdout...]).sorted(), Array(order[..<holdout]).sorted())
}

/// The rows of Y `[rows, features]` split by `holdoutSplit(rows:holdout:seed:)`, gathered:
/// the training rows and the `holdout` held-out rows, each in input order (the fitting tools'
/// `--holdout N`).
/// - Throws: `SparseCodingError.invalidOption` when the holdout leaves no training rows.
public func splitHeldOutRows(_ values: [Float], rows: Int, features: Int, holdout: Int, seed: UInt64) throws
    -> (training: [Float], trainingRows: Int, heldOut: [Float]) {
    guard holdout < rows else {
        throw SparseCodingError.invalidOption(name: "holdout", reason: "\(holdout) held-out rows leave no training rows out of \(rows); hold out fewer rows")
    }
    let split = holdoutSplit(rows: rows, holdout: holdout, seed: seed)
    let training = holdout == 0 ? values : gatherRows(values, features: features, indices: split.training)
    return (training, split.training.count, gatherRows(values, features: features, indices: split.holdout))
}
