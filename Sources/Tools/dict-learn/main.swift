// dict-learn: learn a dictionary of unit-norm atoms from a stream of patches (online, Mairal et al. 2009).
import SparseCoding
import TensorCore
import TensorStream
import ToolSupport

let atomsOption = OptionSpec<Int>("atoms", aliases: ["n-components"], value: "M", required: "the number of atoms to learn", range: 1...1_000_000, help: "number of atoms to learn; required")
let lambdaOption = SharedOptions.lambda(default: 1)
let batchSizeOption = SharedOptions.batchSize(default: 64, help: "rows per minibatch (smaller batches: more dictionary updates per epoch)")
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
    from a fresh random permutation of the training rows every epoch.

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
    """,
    options: [atomsOption, lambdaOption, batchSizeOption, epochsOption, stepsOption, SharedOptions.seed, initOption, holdoutOption,
              saveEveryOption, algorithmOption, toleranceOption, maxIterationsOption, positiveFlag, positiveDictFlag, reportFlag],
    example: "patchify photo.png --random 50000 | whiten --model zca.lpt | dict-learn --atoms 256 --epochs 5 --holdout 5000 -o D.lpt")

ToolRunner.run(description) { context in
    let atoms = try context.value(atomsOption)
    let lambda = try context.value(lambdaOption)
    let batchSize = try context.value(batchSizeOption)
    if context.has(epochsOption) && context.has(stepsOption) { throw UsageError("give --epochs or --steps, not both") }
    let epochs = try context.value(epochsOption)
    let fixedSteps = context.given(stepsOption)
    let seed = try context.value(SharedOptions.seed)
    let holdout = try context.value(holdoutOption)
    let saveEvery = context.given(saveEveryOption)
    if saveEvery != nil && context.output.path == nil { throw UsageError("--save-every needs -o FILE (checkpoints replace FILE)") }
    guard let algorithm = LassoEncoder.Algorithm(rawValue: try context.value(algorithmOption)) else { throw UsageError("unknown --algorithm") }
    let initialisation = try context.value(initOption)
    let options = DictionaryLearner.Options(
        lambda: Float(lambda), algorithm: algorithm,
        tolerance: Float(try context.value(toleranceOption)), maxIterations: try context.value(maxIterationsOption),
        positive: context.has(positiveFlag), positiveAtoms: context.has(positiveDictFlag))
    let resumed = initialisation == "data" || initialisation == "random" ? nil : try DictionaryFile(path: initialisation)
    if let resumed, resumed.atoms != atoms {
        throw ToolFailure("\(resumed.path) has \(resumed.atoms) atoms but --atoms is \(atoms); give --atoms \(resumed.atoms) to resume from it")
    }

    let started = monotonicSeconds()
    var set = try TrainingSet(reading: context)
    let features = set.features
    if let resumed, resumed.features != features {
        throw ToolFailure("\(resumed.path) has atoms of \(resumed.features) features but the data rows have \(features); resume from a dictionary made for this data")
    }
    guard holdout < set.rows else {
        throw ToolFailure("--holdout \(holdout) leaves no training rows out of \(set.rows); hold out fewer rows")
    }
    let split = holdoutSplit(rows: set.rows, holdout: holdout, seed: seed &+ 1)
    let training = split.training.count == set.rows ? set.values : gatherRows(set.values, features: features, indices: split.training)
    let trainingRows = split.training.count
    let heldOut = gatherRows(set.values, features: features, indices: split.holdout)
    set.values = []
    let heldBytes = (training.count + heldOut.count) * MemoryLayout<Float>.size
    guard trainingRows >= atoms else {
        throw ToolFailure("only \(trainingRows) training rows for \(atoms) atoms; give at least as many rows as atoms (more patches, or fewer --atoms)")
    }

    var initial: [Float]
    switch initialisation {
    case "data":
        initial = gatherRows(training, features: features, indices: holdoutSplit(rows: trainingRows, holdout: atoms, seed: seed &+ 2).holdout)
    case "random":
        var generator = SeededGenerator(seed: seed &+ 2)
        initial = (0..<(atoms * features)).map { _ in Float(generator.gaussian()) }
    default:
        initial = resumed!.values
    }
    var learner = DictionaryLearner(initialDictionary: initial, atoms: atoms, features: features, options: options, seed: seed &+ 3)
    var sampler = MinibatchSampler(rows: trainingRows, batchSize: min(batchSize, trainingRows), seed: seed &+ 4)
    let totalSteps = fixedSteps ?? max(1, Int((epochs * Double(trainingRows) / Double(sampler.batchSize)).rounded(.up)))

    /// The mean energy of `rows` rows with the current dictionary, coded exactly.
    func meanObjective(_ data: [Float], rows: Int) -> Double {
        let encoder = LassoEncoder(dictionary: learner.dictionary, atoms: atoms, features: features, stepSolvers: false)
        let exact = LassoEncoder.Options(lambda: options.lambda, algorithm: .auto, positive: options.positive)
        return encoder.encode(data, rows: rows, options: exact).meanObjective
    }
    func dictionaryFrame(objective: Double?) -> Frame {
        var frame = Frame()
        frame["data"] = Tensor(shape: [atoms, features], floats: learner.dictionary)
        frame.setAttribute("kind", .string("dictionary"))
        frame.setAttribute("lambda", .number(lambda))
        frame.setAttribute("atoms", .number(Double(atoms)))
        frame.setAttribute("features", .number(Double(features)))
        for key in ["patch_height", "patch_width", "channels", "whitened"] {
            if let value = set.firstFrame.attribute(key) { frame.setAttribute(key, value) }
        }
        frame.setAttribute("seed", .string(String(seed)))
        frame.setAttribute("steps", .number(Double(learner.steps)))
        frame.setAttribute("epochs", .number(sampler.epochs))
        frame.setAttribute("batch_size", .number(Double(sampler.batchSize)))
        frame.setAttribute("init", .string(initialisation))
        frame.setAttribute("positive", .number(options.positive ? 1 : 0))
        frame.setAttribute("positive_dict", .number(options.positiveAtoms ? 1 : 0))
        if let objective {
            frame.setAttribute("objective", .number(objective))
            frame.setAttribute("objective_rows", .string(holdout > 0 ? "holdout \(holdout)" : "last epoch's minibatches"))
        }
        return frame
    }

    let trainingStarted = monotonicSeconds()
    var nextEpoch = 1.0
    var nextCheckpoint = saveEvery ?? .infinity
    // The minibatch energies of the last epoch's steps (each with the dictionary of its time):
    // the training objective, as SPAMS and scikit-learn report it, without another pass.
    let stepsPerEpoch = max(1, trainingRows / sampler.batchSize)
    var recentObjectives = [Double](repeating: 0, count: stepsPerEpoch)
    func trainingObjective() -> Double {
        let count = min(learner.steps, stepsPerEpoch)
        return recentObjectives.prefix(count).reduce(0, +) / Double(max(count, 1))
    }
    for _ in 0..<totalSteps {
        let batch = gatherRows(training, features: features, indices: sampler.next())
        let report = learner.step(batch, rows: sampler.batchSize)
        recentObjectives[(learner.steps - 1) % stepsPerEpoch] = report.meanObjective
        if sampler.epochs >= nextEpoch || learner.steps == totalSteps {
            let rate = Double(sampler.dealt) / (monotonicSeconds() - trainingStarted)
            var line = "epoch \(format(sampler.epochs, "%.2f")), \(format(rate, "%.0f")) rows/s, training objective \(format(trainingObjective()))"
            if holdout > 0 && context.showsProgress {
                line += ", held-out objective \(format(meanObjective(heldOut, rows: holdout)))"
            }
            context.progress(line)
            nextEpoch = sampler.epochs.rounded(.down) + 1
        }
        if sampler.epochs >= nextCheckpoint {
            let checkpoint = try OutputTarget.file(context.output.path!)
            try checkpoint.frames().write(dictionaryFrame(objective: nil))
            try checkpoint.commit()
            nextCheckpoint += saveEvery!
        }
    }

    let objective = holdout > 0 ? meanObjective(heldOut, rows: holdout) : trainingObjective()
    try context.write(dictionaryFrame(objective: objective))
    if context.has(reportFlag) {
        context.note("dict-learn: \(atoms) atoms x \(features) features, lambda \(format(lambda)), \(learner.steps) steps of \(sampler.batchSize) rows (\(format(sampler.epochs, "%.2f")) epochs of \(trainingRows) rows), \(learner.reinitialisedAtoms) atoms re-initialised; \(holdout > 0 ? "held-out" : "training") objective \(format(objective)); held \(formatBytes(heldBytes)) of data; \(format(monotonicSeconds() - started, "%.2f")) s")
    }
}
