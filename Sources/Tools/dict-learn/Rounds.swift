// dict-learn's map-reduce modes: a shard's round statistics (--stats-only) and their merge
// into one synchronous step (--merge), or into a held-out objective (--merge --objective-only).
import ModelFiles
import SparseCoding
import TensorCore
import ToolSupport

/// Writes the `DictionaryRoundStatistics` of shard `shard`'s minibatch of round `round` (every
/// row when `batchSize` is nil) against the dictionary of `initPath`.
func writeRoundStatistics(_ context: ToolContext, initPath: String, options: DictionaryLearner.Options, batchSize: Int?, round: Int,
                          seed: UInt64, shard: Int) throws {
    let model = try DictionaryModel.read(path: initPath)
    let set = try TrainingSet(reading: context)
    try context.write(model.roundStatistics(
        of: set.values, rows: set.rows, features: set.features, options: options, batchSize: batchSize, round: round, seed: seed, shard: shard).frame)
}

/// Sums the partial statistics of the inputs; then either the merged step of the learner the
/// round continues (`initPath`: a dictionary, or the last round's state) written as the next
/// round's state (and, to `dictionaryOnly`, the new dictionary alone), or, with
/// `objectiveOnly`, the dictionary with the partials' mean energy.
func mergeRound(_ context: ToolContext, initPath: String, options: DictionaryLearner.Options, seed: UInt64, objectiveOnly: Bool,
                dictionaryOnly: OutputTarget?) throws {
    let model = try DictionaryModel.read(path: initPath)
    let merged = try model.mergedStatistics(paths: context.inputPaths)
    guard !objectiveOnly else {
        context.note("dict-learn: objective \(format(merged.meanObjective)) over \(merged.rows) rows")
        return try context.write(model.frame(withHeldOutObjective: merged))
    }
    let state = try model.frame(afterMerging: merged, options: options, seed: seed)
    if let dictionaryOnly {
        try dictionaryOnly.frames().write(DictionaryModel.dictionaryOnly(state))
        try dictionaryOnly.finish()
    }
    try context.write(state)
}
