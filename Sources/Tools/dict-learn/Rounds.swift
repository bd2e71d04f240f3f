// dict-learn's map-reduce modes: a shard's round statistics (--stats-only) and their merge
// into one synchronous step (--merge), or into a held-out objective (--merge --objective-only).
import ModelFiles
import SparseCoding
import TensorCore
import ToolSupport

/// Codes the minibatch of round `round` (from 0) of the inputs against the dictionary of
/// `initPath` (every row when `batchSize` is nil) and writes their `DictionaryRoundStatistics`.
/// The minibatches are those of dict-learn's own sampler with `seed`: a fresh permutation of
/// the rows every epoch, so a shard deals each of its rows once per epoch as one machine does.
func writeRoundStatistics(_ context: ToolContext, initPath: String, options: DictionaryLearner.Options, batchSize: Int?, round: Int, seed: UInt64) throws {
    let model = try DictionaryModel.read(path: initPath)
    let set = try TrainingSet(reading: context)
    guard set.features == model.features else {
        throw ToolFailure("\(model.path) has atoms of \(model.features) features but the data rows have \(set.features)")
    }
    var batch = set.values, rows = set.rows
    if let batchSize {
        var sampler = MinibatchSampler(rows: set.rows, batchSize: min(batchSize, set.rows), seed: seed)
        for _ in 0..<round { _ = sampler.next() }
        batch = gatherRows(set.values, features: set.features, indices: sampler.next())
        rows = sampler.batchSize
    }
    let statistics = DictionaryRoundStatistics(
        coding: batch, rows: rows, dictionary: model.values, atoms: model.atoms, features: model.features, options: options,
        seed: SeededGenerator.derivedSeed(seed, salt: 0x5245_5349_4455_414C))  // "RESIDUAL"
    try context.write(statistics.frame)
}

/// Sums the partial statistics of the inputs; then either one step of the learner resumed from
/// `initPath` (its saved A, B and steps, else zeros) written as the next round's state, or,
/// with `objectiveOnly`, the dictionary unchanged with the partials' mean energy as objective.
func mergeRound(_ context: ToolContext, initPath: String, options: DictionaryLearner.Options, seed: UInt64, objectiveOnly: Bool) throws {
    let model = try DictionaryModel.read(path: initPath)
    var merged = DictionaryRoundStatistics(atoms: model.atoms, features: model.features)
    for path in context.inputPaths {
        let part = try DictionaryRoundStatistics.read(path: path)
        guard part.atoms == model.atoms, part.features == model.features else {
            throw ToolFailure("\(inputName(path)): statistics for \(part.atoms) atoms x \(part.features) features, but \(model.path) is \(model.atoms) x \(model.features)")
        }
        merged.merge(part)
    }
    guard merged.rows > 0 else { throw ToolFailure("the partial statistics hold no rows; were the shards empty?") }
    if objectiveOnly {
        var out = model.frame
        out.setAttribute("objective", .number(merged.meanObjective))
        out.setAttribute("objective_rows", .string("held-out \(merged.rows) rows"))
        context.note("dict-learn: objective \(format(merged.meanObjective)) over \(merged.rows) rows")
        return try context.write(out)
    }
    let state = try model.roundState()
    var learner = DictionaryLearner(
        dictionary: model.values, gramOfCodes: state?.gramOfCodes ?? [Float](repeating: 0, count: model.atoms * model.atoms),
        codesTimesData: state?.codesTimesData ?? [Float](repeating: 0, count: model.atoms * model.features),
        steps: state?.steps ?? 0, atoms: model.atoms, features: model.features, options: options,
        seed: SeededGenerator.epochSeed(seed, epoch: state?.steps ?? 0))
    learner.step(merged: merged)
    try context.write(model.frame(afterRound: learner, objective: merged.meanObjective, rows: merged.rows))
}
