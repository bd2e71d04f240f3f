// Where a synchronous round's rows come from: each source (a cluster's shard, an input file of
// `dict-learn --batch-per-file`) deals its own minibatches, so a round is the same wherever
// its sources are coded.
import TensorCore

/// One source's minibatches in synchronous rounds of dictionary learning (Mairal et al. 2010):
/// a shard of a cluster job (`dict-learn --stats-only --shard K --round R`) or one input file
/// of `dict-learn --batch-per-file`. Each round takes `batchSize` rows (all of them when the
/// source holds fewer) from the source's own `MinibatchSampler`, a fresh permutation of its
/// rows every epoch, and codes them into `DictionaryRoundStatistics`.
///
/// Seeds: the sampler's seed is derived from the run's seed and the source's index alone
/// (`samplerSeed`), the residual rows' from those and the round; so the rows a round takes
/// from a source, and their statistics, do not depend on which process codes them, how the
/// sources are grouped into tasks, or whether a task was retried.
public struct ShardMinibatches: Sendable {
    /// The source's index among the run's sources (from 0).
    public let shard: Int
    /// The run's seed (not the sampler's: see `samplerSeed`).
    public let seed: UInt64
    /// The rounds dealt so far.
    public private(set) var round = 0
    /// The source's rows and its permutation.
    public private(set) var sampler: MinibatchSampler

    /// A source of `rows` rows dealing `batchSize` rows a round (at most `rows`).
    /// - Precondition: rows ≥ 1, batchSize ≥ 1, shard ≥ 0.
    public init(rows: Int, batchSize: Int, seed: UInt64, shard: Int) {
        precondition(rows >= 1 && batchSize >= 1 && shard >= 0, "ShardMinibatches: needs rows, a batch size and a shard index")
        self.shard = shard
        self.seed = seed
        sampler = MinibatchSampler(rows: rows, batchSize: min(batchSize, rows), seed: Self.samplerSeed(seed, shard: shard))
    }

    /// The seed of source `shard`'s sampler in a run seeded with `seed`.
    public static func samplerSeed(_ seed: UInt64, shard: Int) -> UInt64 {
        SeededGenerator.derivedSeed(SeededGenerator.epochSeed(seed, epoch: shard), salt: 0x5348_4152_4453_4D50)  // "SHARDSMP"
    }

    /// The seed that picks the residual rows of source `shard`'s statistics in round `round`.
    public static func residualSeed(_ seed: UInt64, shard: Int, round: Int) -> UInt64 {
        SeededGenerator.derivedSeed(SeededGenerator.epochSeed(samplerSeed(seed, shard: shard), epoch: round), salt: 0x5245_5349_4455_414C)  // "RESIDUAL"
    }

    /// Deals `rounds` rounds without coding them (a task that codes round R deals 0..<R first).
    public mutating func skip(rounds: Int) {
        for _ in 0..<rounds { _ = sampler.next() }
        round += rounds
    }

    /// Codes the next round's rows against `dictionary` `[atoms, features]` with the learner's
    /// solver and options, and returns their statistics. The source's rows are rows
    /// `rowOffset..<rowOffset + sampler.rows` of `values` `[_, features]`.
    public mutating func nextStatistics(of values: [Float], rowOffset: Int = 0, features: Int, dictionary: [Float], atoms: Int,
                                        options: DictionaryLearner.Options) -> DictionaryRoundStatistics {
        precondition((rowOffset + sampler.rows) * features <= values.count, "ShardMinibatches: the source's rows are not all in values")
        let batch = gatherRows(values, features: features, indices: sampler.next().map { rowOffset + $0 })
        let statistics = DictionaryRoundStatistics(
            coding: batch, rows: sampler.batchSize, dictionary: dictionary, atoms: atoms, features: features, options: options,
            seed: Self.residualSeed(seed, shard: shard, round: round))
        round += 1
        return statistics
    }
}
