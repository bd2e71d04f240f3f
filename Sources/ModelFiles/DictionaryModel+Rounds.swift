// The two halves of a synchronous round of dictionary learning on saved files: a shard codes
// its minibatch against the round's dictionary (map), the driver merges the shards'
// statistics into the next round's state (reduce). `dict-learn --stats-only` / `--merge`.
import SparseCoding
import TensorCore

extension DictionaryModel {
    /// A shard's statistics for round `round` (from 0): the rows `[rows, features]` that
    /// `ShardMinibatches` of shard `shard` and the run's `seed` deals in that round (every row
    /// when `batchSize` is nil), coded against the dictionary the round continues
    /// (`roundLearner`). The same rows and statistics as `DictionaryTraining`'s balanced step
    /// takes from its source `shard`.
    /// - Throws: `ModelFileError` when the rows are not of the dictionary's width.
    public func roundStatistics(of values: [Float], rows: Int, features: Int, options: DictionaryLearner.Options,
                                batchSize: Int?, round: Int, seed: UInt64, shard: Int) throws -> DictionaryRoundStatistics {
        guard features == self.features else {
            throw ModelFileError("\(path) has atoms of \(self.features) features but the data rows have \(features)")
        }
        let dictionary = try roundLearner(options: options, seed: seed).dictionary
        guard let batchSize else {
            return DictionaryRoundStatistics(
                coding: values, rows: rows, dictionary: dictionary, atoms: atoms, features: features, options: options,
                seed: ShardMinibatches.residualSeed(seed, shard: shard, round: 0))
        }
        var batches = ShardMinibatches(rows: rows, batchSize: batchSize, seed: seed, shard: shard)
        batches.skip(rounds: round)
        return batches.nextStatistics(of: values, features: features, dictionary: dictionary, atoms: atoms, options: options)
    }

    /// The sum of the shards' statistics in `paths`, in the order given (the order fixes the
    /// floats: a driver gives them in shard order).
    /// - Throws: `ModelFileError` naming a file that is not statistics for this dictionary, or
    ///   when the partials hold no rows.
    public func mergedStatistics(paths: [String]) throws -> DictionaryRoundStatistics {
        let merged = try DictionaryRoundStatistics.merged(paths: paths)
        guard merged.atoms == atoms, merged.features == features else {
            throw ModelFileError("\(inputName(paths[0])): statistics for \(merged.atoms) atoms x \(merged.features) features, but \(path) is \(atoms) x \(features)")
        }
        guard merged.rows > 0 else { throw ModelFileError("the partial statistics hold no rows; were the shards empty?") }
        return merged
    }

    /// The next round's state: the learner this round continues (`roundLearner`) after the
    /// merged step of `merged` (`DictionaryLearner.step(merged:seed:)` with the run's `seed`).
    public func frame(afterMerging merged: DictionaryRoundStatistics, options: DictionaryLearner.Options, seed: UInt64) throws -> Frame {
        var learner = try roundLearner(options: options, seed: seed)
        learner.step(merged: merged, seed: seed)
        return frame(afterRound: learner, objective: merged.meanObjective, rows: merged.rows)
    }

    /// A round's state frame (`frame(afterMerging:options:seed:)`) without the learner's A and
    /// B: the dictionary alone, 4·atoms·features bytes of data, all that the next round's
    /// shards need (they code against D; `roundLearner` keeps its unit atoms as they are).
    public static func dictionaryOnly(_ state: Frame) -> Frame {
        var out = state
        out["gram_of_codes"] = nil
        out["codes_times_data"] = nil
        return out
    }

    /// This dictionary with the held-out shards' mean energy as its objective.
    public func frame(withHeldOutObjective merged: DictionaryRoundStatistics) -> Frame {
        var out = frame
        out.setAttribute("objective", .number(merged.meanObjective))
        out.setAttribute("objective_rows", .string("held-out \(merged.rows) rows"))
        return out
    }
}
