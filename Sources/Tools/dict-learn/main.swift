// dict-learn: learn a dictionary of unit-norm atoms from a stream of patches (online, Mairal et al. 2009).
import ModelFiles
import SparseCoding
import TensorCore
import TensorStream
import ToolSupport

let atomsOption = OptionSpec<Int>("atoms", aliases: ["n-components"], value: "M", required: "the number of atoms to learn", range: 1...1_000_000, help: "number of atoms to learn; required")
let lambdaOption = SharedOptions.lambda(default: 1)
let batchSizeOption = SharedOptions.batchSize(default: 64, help: "rows per minibatch (smaller batches: more dictionary updates per epoch)")
let batchPerFileOption = OptionSpec<Int>("batch-per-file", value: "B", absent: "pooled --batch-size", range: 1...1_000_000_000, help: "balanced minibatches across sources: each step takes B rows from each input file (its own sampler) and steps on their merged statistics, as a cluster's round over shards")
let epochsOption = SharedOptions.fractionalEpochs(default: 10)
let stepsOption = OptionSpec<Int>("steps", value: "N", absent: "from --epochs", range: 1...1_000_000_000, help: "minibatch steps instead of --epochs")
let initOption = OptionSpec<String>("init", value: "data|random|FILE", default: "data", help: "initial atoms: random training rows, random Gaussian atoms, or a saved dictionary to resume from")
let holdoutOption = OptionSpec<Int>("holdout", value: "N", default: 0, range: 0...1_000_000_000, help: "rows kept out of training to measure the objective on")
let saveEveryOption = OptionSpec<Double>("save-every", value: "E", absent: "never", range: 1e-9...1e9, help: "with -o, write the dictionary so far every E epochs (checkpoints)")
let algorithmOption = SharedOptions.algorithm(choices: LassoEncoder.Algorithm.allCases.map(\.rawValue), help: "lasso solver for the codes: auto (= lars), lars, cd, fista or ista (see sparse-encode)")
let toleranceOption = SharedOptions.tolerance(help: "solver tolerance (cd, fista, ista)")
let maxIterationsOption = SharedOptions.maxIterations(help: "most solver iterations per row")
let positiveFlag = SharedOptions.positive()
let positiveDictFlag = Flag("positive-dict", help: "constrain atoms to be non-negative (parts, e.g. pen strokes)")
let statsOnlyFlag = Flag("stats-only", help: "map: code --batch-size rows drawn with --seed (all rows without --batch-size) against --init FILE and write their statistics A, B, n")
let roundOption = OptionSpec<Int>("round", value: "R", default: 0, range: 0...100_000_000, help: "with --stats-only and --batch-size: the round (from 0) whose minibatch to code")
let shardOption = OptionSpec<Int>("shard", value: "K", default: 0, range: 0...100_000_000, help: "with --stats-only: the shard's index (from 0); its sampler's seed comes from --seed and K, as input file K's does with --batch-per-file")
let mergeFlag = Flag("merge", help: "reduce: the inputs are --stats-only statistics; sum them and take one step from --init FILE (a dictionary or the last round's output); with --stats-only, write their sum as one partial (a tree reduce's inner node; no --init)")
let saveDictOption = OptionSpec.outputFile("save-dict", help: "with --merge: also write the new dictionary alone to FILE (no A, B: what the next round's --stats-only shards need)")
let objectiveOnlyFlag = Flag("objective-only", help: "with --merge: write --init's dictionary with the partials' mean energy as its objective (held-out shards)")
let reportFlag = Flag("report", help: "print the held memory, the final objective, the non-zeros per row and the time on stderr")

let description = ToolDescription(
    name: "dict-learn",
    usage: "--atoms M [options] [INPUT...]",
    summary: "Learn a dictionary of unit-norm atoms for sparse coding from rows of data (online dictionary learning).",
    details: """
    Learns D [atoms, features] (one atom per row, as scikit-learn's components_, each of
    unit norm) minimising the mean over the training rows y of

        min over z:  1/2 ||y - z D||^2 + lambda ||z||_1        (with --positive also z >= 0)

    by online dictionary learning (Mairal, Bach, Ponce & Sapiro 2009), as SPAMS trainDL and
    scikit-learn's MiniBatchDictionaryLearning: each step codes a minibatch with the lasso
    solver of sparse-encode (--algorithm), adds the codes to the statistics A = sum z z^T and
    B = sum z^T y (early batches are forgotten, Mairal et al. 2010), then updates every atom
    by block-coordinate descent and renormalises it to unit norm. An atom no row uses is
    re-initialised from the residual of a random row, not left dead. Minibatches are drawn
    from a fresh random permutation of the training rows every epoch. With --batch-per-file B
    they are balanced across the sources instead: each step takes B rows from every input
    file (each file's own permutation), so that every source weighs the same in each step
    whatever its size, and a cluster's rounds over the same files as shards give the same
    dictionary.

    Memory: the whole training set is held in memory as float32 (rows x features x 4 bytes:
    100,000 8x8 patches are 26 MB), plus D, A [atoms, atoms] and B [atoms, features].
    --holdout N keeps N random rows out of training; their mean energy with the current
    dictionary is shown with the progress after every epoch and stored as the dictionary's
    objective attribute (without --holdout: the mean energy of the last epoch's minibatches,
    each coded with the dictionary of its step, as SPAMS and scikit-learn report). The output
    is one frame: data = D, with the attributes lambda, atoms, features, the patch geometry
    of the input (patch_height, patch_width, channels), seed, epochs, steps, batch_size,
    init and objective; sparse-encode takes its lambda as the default. Same input and seed,
    same bytes out.
    Map-reduce (synchronous rounds, Mairal et al. 2010): --stats-only --init D --batch-size B
    --round R --shard K codes shard K's minibatch of round R (its own sampler, seeded from --seed
    and K) and writes (A_k, B_k, n_k, energy); --merge --init STATE --seed S sums the shards' statistics
    and takes the minibatch step of the summed batch, writing D with A, B and steps as the next
    round's STATE (--atoms is then read from it). --merge --objective-only sums held-out shards'
    energies into the objective of --init's dictionary. Rounds over shards 0..S-1 with --seed s
    give the dictionary of dict-learn --batch-per-file B --seed s --init D over those files in
    that order, bit for bit.
    """,
    options: [atomsOption, lambdaOption, batchSizeOption, batchPerFileOption, epochsOption, stepsOption, SharedOptions.seed, initOption, holdoutOption,
              saveEveryOption, algorithmOption, toleranceOption, maxIterationsOption, positiveFlag, positiveDictFlag, statsOnlyFlag, roundOption, shardOption, mergeFlag, saveDictOption, objectiveOnlyFlag, SharedOptions.filesFrom, reportFlag],
    example: "patchify photo.png --random 50000 | whiten --model zca.lpt | dict-learn --atoms 256 --epochs 5 --holdout 5000 -o D.lpt")

/// The learner's options from the command line.
func learnerOptions(_ context: ToolContext) throws -> DictionaryLearner.Options {
    guard let algorithm = LassoEncoder.Algorithm(rawValue: try context.value(algorithmOption)) else { throw UsageError("unknown --algorithm") }
    return DictionaryLearner.Options(
        lambda: Float(try context.value(lambdaOption)), algorithm: algorithm, tolerance: Float(try context.value(toleranceOption)),
        maxIterations: try context.value(maxIterationsOption), positive: context.has(positiveFlag), positiveAtoms: context.has(positiveDictFlag))
}

ToolRunner.run(description) { context in
    let (statsOnly, merge) = (context.has(statsOnlyFlag), context.has(mergeFlag))
    if statsOnly || merge {
        if statsOnly && merge {
            if context.has(objectiveOnlyFlag) || context.has(saveDictOption) || context.has(initOption) { throw UsageError("--merge --stats-only sums partials into one; it takes no --init, --objective-only or --save-dict") }
            return try context.write(DictionaryRoundStatistics.merged(paths: context.inputPaths).frame)
        }
        if context.has(batchPerFileOption) { throw UsageError("--batch-per-file is for a whole run; a round's shard takes --batch-size rows") }
        if context.has(saveDictOption) && (statsOnly || context.has(objectiveOnlyFlag)) { throw UsageError("--save-dict goes with --merge (a round's step)") }
        guard let initPath = context.given(initOption), !["data", "random"].contains(initPath) else { throw UsageError("--stats-only and --merge need --init FILE (the round's dictionary)") }
        let options = try learnerOptions(context)
        let seed = try context.value(SharedOptions.seed)
        if statsOnly {
            return try writeRoundStatistics(context, initPath: initPath, options: options, batchSize: context.given(batchSizeOption),
                                            round: try context.value(roundOption), seed: seed, shard: try context.value(shardOption))
        }
        return try mergeRound(context, initPath: initPath, options: options, seed: seed, objectiveOnly: context.has(objectiveOnlyFlag),
                              dictionaryOnly: context.sideOutput(saveDictOption))
    }
    if context.has(objectiveOnlyFlag) { throw UsageError("--objective-only goes with --merge") }
    if context.has(saveDictOption) { throw UsageError("--save-dict goes with --merge (a round's step)") }
    let atoms = try context.value(atomsOption)
    let lambda = try context.value(lambdaOption)
    if context.has(epochsOption) && context.has(stepsOption) { throw UsageError("give --epochs or --steps, not both") }
    let saveEvery = context.given(saveEveryOption)
    if saveEvery != nil && context.output.path == nil { throw UsageError("--save-every needs -o FILE (checkpoints replace FILE)") }
    let options = try learnerOptions(context)
    do { try options.validate(atoms: atoms) } catch { throw UsageError("\(error)") }
    let initialisation = try context.value(initOption)
    let resumed = initialisation == "data" || initialisation == "random" ? nil : try DictionaryModel.read(path: initialisation)
    let batchPerFile = context.given(batchPerFileOption)
    if batchPerFile != nil && context.has(batchSizeOption) { throw UsageError("give --batch-size (pooled minibatches) or --batch-per-file (balanced), not both") }
    var plan = DictionaryTraining.Plan(
        atoms: atoms, batchSize: try batchPerFile ?? context.value(batchSizeOption),
        length: try context.given(stepsOption).map { .steps($0) } ?? .epochs(context.value(epochsOption)),
        holdout: try context.value(holdoutOption), seed: try context.value(SharedOptions.seed),
        start: initialisation == "data" ? .dataRows : initialisation == "random" ? .randomAtoms : .dictionary(resumed!.values))
    try resumed?.requireResumable(atoms: atoms)

    let started = monotonicSeconds()
    var set = try TrainingSet(reading: context)
    try resumed?.requireResumable(atoms: atoms, features: set.features)
    if batchPerFile != nil { plan.sourceRows = set.sourceRows }
    var training = try DictionaryTraining(values: set.values, rows: set.rows, features: set.features, plan: plan, options: options)
    set.values = []
    try training.run(seconds: monotonicSeconds, measuresHoldout: context.showsProgress, checkpointEvery: saveEvery) { report in
        let heldOut = report.heldOutObjective.map { ", held-out objective \(format($0))" } ?? ""
        context.progress("epoch \(format(report.epochs, "%.2f")), \(format(report.rowsPerSecond, "%.0f")) rows/s, training objective \(format(report.trainingObjective))\(heldOut)")
    } checkpoint: { soFar in
        let checkpoint = try OutputTarget.file(context.output.path!)
        try checkpoint.frames().write(DictionaryModel.frame(of: soFar, lambda: lambda, rows: set.firstFrame, initialisation: initialisation, objective: nil))
        try checkpoint.commit()
    }

    let objective = training.finalObjective
    try context.write(DictionaryModel.frame(of: training, lambda: lambda, rows: set.firstFrame, initialisation: initialisation, objective: objective))
    if context.has(reportFlag) {
        context.note(DictionaryModel.reportLine(of: training, lambda: lambda, objective: objective, seconds: monotonicSeconds() - started))
    }
}
