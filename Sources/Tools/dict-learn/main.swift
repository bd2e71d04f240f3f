// dict-learn: learn a dictionary of unit-norm atoms from a stream of patches (online, Mairal et al. 2009).
import SparseCoding
import TensorCore
import TensorStream
import ToolSupport

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
    options: [
        Option("atoms", aliases: ["n-components"], value: "M", help: "number of atoms to learn; required"),
        Option("lambda", aliases: ["alpha"], value: "L", default: "1", help: "weight of the l1 penalty"),
        Option("batch-size", value: "B", default: "64", help: "rows per minibatch (smaller batches: more dictionary updates per epoch)"),
        Option("epochs", value: "E", default: "10", help: "passes over the training rows (may be fractional)"),
        Option("steps", value: "N", default: "from --epochs", help: "minibatch steps instead of --epochs"),
        .seed,
        Option("init", value: "data|random|FILE", default: "data", help: "initial atoms: random training rows, random Gaussian atoms, or a saved dictionary to resume from"),
        Option("holdout", value: "N", default: "0", help: "rows kept out of training to measure the objective on"),
        Option("save-every", value: "E", default: "never", help: "with -o, write the dictionary so far every E epochs (checkpoints)"),
        Option("algorithm", value: "NAME", default: "auto", help: "lasso solver for the codes: auto (= lars), lars, cd, fista or ista (see sparse-encode)"),
        Option("tol", value: "T", default: "1e-4", help: "solver tolerance (cd, fista, ista)"),
        Option("max-iter", aliases: ["iters"], value: "K", default: "1000", help: "most solver iterations per row"),
        Option("positive", help: "constrain codes to be non-negative"),
        Option("positive-dict", help: "constrain atoms to be non-negative (parts, e.g. pen strokes)"),
        Option("report", help: "print the held memory, the final objective, the non-zeros per row and the time on stderr"),
    ],
    example: "patchify photo.png --random 50000 | whiten --model zca.lpt | dict-learn --atoms 256 --epochs 5 --holdout 5000 -o D.lpt")

ToolRunner.run(description) { context in
    let arguments = context.arguments
    guard arguments.has("atoms") else { throw UsageError("--atoms M is required (the number of atoms to learn)") }
    let atoms = try arguments.int("atoms", default: 0, in: 1...1_000_000)
    let lambda = try arguments.double("lambda", default: 1, in: 0...1e30)
    let batchSize = try arguments.int("batch-size", default: 64, in: 1...10_000_000)
    if arguments.has("epochs") && arguments.has("steps") { throw UsageError("give --epochs or --steps, not both") }
    let epochs = try arguments.double("epochs", default: 10, in: 1e-9...1e9)
    let fixedSteps = arguments.has("steps") ? try arguments.int("steps", default: 1, in: 1...1_000_000_000) : nil
    let seed = try arguments.seed()
    let holdout = try arguments.int("holdout", default: 0, in: 0...1_000_000_000)
    let saveEvery = arguments.has("save-every") ? try arguments.double("save-every", default: 1, in: 1e-9...1e9) : nil
    if saveEvery != nil && arguments.string("output") == nil { throw UsageError("--save-every needs -o FILE (checkpoints replace FILE)") }
    let algorithm = try arguments.choice("algorithm", default: "auto", among: LassoEncoder.Algorithm.allCases.map(\.rawValue))
    let tolerance = try arguments.double("tol", default: 1e-4, in: 0...1)
    let maxIterations = try arguments.int("max-iter", default: 1000, in: 1...10_000_000)
    let initialisation = arguments.string("init") ?? "data"
    let options = DictionaryLearner.Options(
        lambda: Float(lambda), algorithm: LassoEncoder.Algorithm(rawValue: algorithm)!,
        tolerance: Float(tolerance), maxIterations: maxIterations,
        positive: arguments.has("positive"), positiveAtoms: arguments.has("positive-dict"))
    do { try options.validate(atoms: atoms) } catch { throw UsageError("\(error)") }
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
            let checkpoint = try OutputTarget.file(arguments.string("output")!)
            try checkpoint.frames().write(dictionaryFrame(objective: nil))
            try checkpoint.commit()
            nextCheckpoint += saveEvery!
        }
    }

    let objective = holdout > 0 ? meanObjective(heldOut, rows: holdout) : trainingObjective()
    try context.write(dictionaryFrame(objective: objective))
    if arguments.has("report") {
        context.note("dict-learn: \(atoms) atoms x \(features) features, lambda \(format(lambda)), \(learner.steps) steps of \(sampler.batchSize) rows (\(format(sampler.epochs, "%.2f")) epochs of \(trainingRows) rows), \(learner.reinitialisedAtoms) atoms re-initialised; \(holdout > 0 ? "held-out" : "training") objective \(format(objective)); held \(formatBytes(heldBytes)) of data; \(format(monotonicSeconds() - started, "%.2f")) s")
    }
}
