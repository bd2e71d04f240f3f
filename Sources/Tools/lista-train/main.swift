// lista-train: learn a fast sparse encoder (LISTA, Gregor & LeCun 2010) that predicts a dictionary's lasso codes in K steps.
import SparseCoding
import TensorCore
import TensorStream
import ToolSupport

#if canImport(Glibc)
import Glibc
#endif

let dictionaryOption = SharedOptions.dictionary(required: "the dictionary whose codes the encoder learns")
let depthOption = OptionSpec<Int>("depth", value: "K", required: "the number of unrolled steps", range: 1...1000, help: "unrolled steps (shrinkages) of the encoder; required")
let lambdaOption = SharedOptions.lambda(absent: "the dictionary's lambda attribute, else 1", help: "weight of the l1 penalty of the target codes")
let epochsOption = SharedOptions.epochs(default: 20)
let learningRateOption = OptionSpec<Double>("lr", value: "R", default: 0.2, range: 1e-12...10, help: "Adam's initial step, relative to each tensor's initial RMS size and divided by the depth, decayed to 0 by the last step along a half cosine")
let batchSizeOption = SharedOptions.batchSize(default: 256, help: "rows per minibatch")
let holdoutOption = OptionSpec<Int>("holdout", value: "N", default: 0, range: 0...1_000_000_000, help: "rows kept out of training to measure the code error on")
let positiveFlag = SharedOptions.positive(help: "non-negative codes (targets and encoder)")
let curveOption = OptionSpec<String>("curve", value: "FILE.csv", absent: "none", help: "write epoch, training loss and held-out code error per epoch as CSV (for plot)")
let reportFlag = Flag("report", help: "print the held memory, the code errors before and after training and the time on stderr")

let description = ToolDescription(
    name: "lista-train",
    usage: "--dict FILE --depth K [options] [INPUT...]",
    summary: "Train LISTA, a K-step recurrent encoder that predicts the lasso codes of rows against a dictionary.",
    details: """
    ISTA on 1/2 ||y - z D||^2 + lambda ||z||_1 is the recurrent network
    z(1) = h(y W_e), z(t+1) = h(y W_e + z(t) S) with W_e = D^T / L [features, atoms],
    S = I - D D^T / L [atoms, atoms] and the shrinkage h(c) = sign(c) max(|c| - theta, 0) with
    theta = lambda / L (L the largest eigenvalue of D D^T). LISTA (Gregor & LeCun 2010)
    unrolls it K steps (K shrinkages: an untrained depth-K encoder is exactly K ISTA steps)
    and learns W_e, S and the per-atom thresholds theta by backpropagation through the K
    steps, so that its output matches the optimal codes: the targets are the dictionary's
    exact lasso codes (LARS, as sparse-encode) of every input row, for the dictionary's lambda
    attribute unless --lambda is given. The loss is the mean over rows of
    1/2 ||z(K) - z*||^2, minimised by Adam on minibatches from a fresh permutation every epoch.
    Each tensor's step is --lr / K times the RMS of its initial entries (W_e, S and theta
    differ in scale by orders of magnitude, and the recurrence applies them K times), decayed
    to 0 along a half cosine over the run. S has
    atoms^2 entries: train on many more rows than that (e.g. 200,000 patches for 256 atoms),
    or the encoder fits the training rows and not the held-out ones.

    Memory: the rows and their target codes in memory as float32 (rows x (features + atoms) x 4
    bytes: 100,000 8x8 patches with 256 atoms are 128 MB), plus the encoder. --holdout N keeps
    N random rows out of training; their code error is shown with the progress and written to
    --curve. Writes one frame: tensors filter = W_e [features, atoms], mutual = S [atoms, atoms],
    thresholds = theta [atoms]; attributes kind=lista, depth, lambda, atoms, features, positive,
    dictionary (the dictionary's fingerprint, so sparse-encode --encoder refuses another
    dictionary), seed, epochs and the final code errors. Same input and seed, same bytes out.
    """,
    options: [dictionaryOption, depthOption, lambdaOption, epochsOption, learningRateOption, batchSizeOption, SharedOptions.seed,
              holdoutOption, positiveFlag, curveOption, reportFlag],
    example: "lista-train --dict D.lpt --depth 5 --holdout 5000 --curve curve.csv -o lista5.lpt white.lpt")

/// Mean over rows of ½‖z − z*‖² (the training loss) for codes `[rows, atoms]`.
func codeLoss(_ codes: [Float], _ targets: [Float], rows: Int) -> Double {
    var sum = 0.0
    for (z, t) in zip(codes, targets) { sum += Double(z - t) * Double(z - t) }
    return rows > 0 ? 0.5 * sum / Double(rows) : 0
}

ToolRunner.run(description) { context in
    let dictionaryPath = try context.value(dictionaryOption)
    let depth = try context.value(depthOption)
    let epochs = try context.value(epochsOption)
    let learningRate = try context.value(learningRateOption)
    let batchSize = try context.value(batchSizeOption)
    let seed = try context.value(SharedOptions.seed)
    let holdout = try context.value(holdoutOption)
    let positive = context.has(positiveFlag)
    let dictionary = try DictionaryFile(path: dictionaryPath)
    let lambda = context.given(lambdaOption) ?? dictionary.frame.attribute("lambda")?.number ?? 1
    let atoms = dictionary.atoms, features = dictionary.features
    let curve = try context.given(curveOption).map { try OutputTarget.file($0) }

    let started = monotonicSeconds()
    var set = try TrainingSet(reading: context)
    guard set.features == features else {
        throw ToolFailure("data rows have \(set.features) features but the dictionary \(dictionaryPath) has \(features) (\(atoms) atoms x \(features)); use a dictionary made for this data")
    }
    guard holdout < set.rows else {
        throw ToolFailure("--holdout \(holdout) leaves no training rows out of \(set.rows); hold out fewer rows")
    }
    let split = holdoutSplit(rows: set.rows, holdout: holdout, seed: seed &+ 1)
    let training = gatherRows(set.values, features: features, indices: split.training)
    let heldOut = gatherRows(set.values, features: features, indices: split.holdout)
    set.values = []
    let trainingRows = split.training.count

    // The targets: exact lasso codes of every row.
    let lasso = LassoEncoder(dictionary: dictionary.values, atoms: atoms, features: features, stepSolvers: false)
    let exact = LassoEncoder.Options(lambda: Float(lambda), algorithm: .lars, positive: positive)
    let trainingTargets = lasso.encode(training, rows: trainingRows, options: exact).codes
    let heldOutTargets = lasso.encode(heldOut, rows: holdout, options: exact).codes
    let heldBytes = (training.count + heldOut.count + trainingTargets.count + heldOutTargets.count) * MemoryLayout<Float>.size

    let initial = LISTAEncoder(dictionary: dictionary.values, atoms: atoms, features: features, lambda: Float(lambda), depth: depth, positive: positive)
    var trainer = LISTATrainer(encoder: initial, learningRate: Float(learningRate), seed: seed &+ 2)
    var sampler = MinibatchSampler(rows: trainingRows, batchSize: min(batchSize, trainingRows), seed: seed &+ 3)
    func heldOutError(_ encoder: LISTAEncoder) -> Double {
        holdout > 0 ? codeLoss(encoder.encode(heldOut, rows: holdout), heldOutTargets, rows: holdout) : .nan
    }
    let untrainedError = heldOutError(initial)
    var csv = "epoch,training_loss,holdout_code_error\n0,,\(holdout > 0 ? format(untrainedError, "%.6g") : "")\n"
    let stepsPerEpoch = max(1, trainingRows / sampler.batchSize)
    var trainingLoss = 0.0
    let trainingStarted = monotonicSeconds()
    for epoch in 1...epochs {
        var lossSum = 0.0
        for step in 0..<stepsPerEpoch {
            let progress = Double((epoch - 1) * stepsPerEpoch + step) / Double(epochs * stepsPerEpoch)
            trainer.learningRate = Float(learningRate * 0.5 * (1 + cos(Double.pi * progress)))
            let indices = sampler.next()
            let batch = gatherRows(training, features: features, indices: indices)
            let targets = gatherRows(trainingTargets, features: atoms, indices: indices)
            lossSum += trainer.step(batch, targets: targets, rows: indices.count)
        }
        trainingLoss = lossSum / Double(stepsPerEpoch)
        let error = heldOutError(trainer.encoder)
        csv += "\(epoch),\(format(trainingLoss, "%.6g")),\(holdout > 0 ? format(error, "%.6g") : "")\n"
        let rate = Double(sampler.dealt) / (monotonicSeconds() - trainingStarted)
        context.progress("epoch \(epoch)/\(epochs), \(format(rate, "%.0f")) rows/s, training loss \(format(trainingLoss))\(holdout > 0 ? ", held-out code error \(format(error))" : "")")
    }

    let finalError = heldOutError(trainer.encoder)
    let encoder = trainer.encoder
    var frame = Frame()
    frame["filter"] = Tensor(shape: [features, atoms], floats: encoder.filter)
    frame["mutual"] = Tensor(shape: [atoms, atoms], floats: encoder.mutual)
    frame["thresholds"] = Tensor(shape: [atoms], floats: encoder.thresholds)
    frame.setAttribute("kind", .string("lista"))
    frame.setAttribute("depth", .number(Double(depth)))
    frame.setAttribute("lambda", .number(lambda))
    frame.setAttribute("atoms", .number(Double(atoms)))
    frame.setAttribute("features", .number(Double(features)))
    frame.setAttribute("positive", .number(positive ? 1 : 0))
    frame.setAttribute("dictionary", .string(dictionary.fingerprint))
    frame.setAttribute("seed", .string(String(seed)))
    frame.setAttribute("epochs", .number(Double(epochs)))
    frame.setAttribute("training_loss", .number(trainingLoss))
    if holdout > 0 {
        frame.setAttribute("holdout_code_error", .number(finalError))
        frame.setAttribute("untrained_holdout_code_error", .number(untrainedError))
    }
    for key in ["patch_height", "patch_width", "channels", "whitened"] {
        if let value = dictionary.frame.attribute(key) { frame.setAttribute(key, value) }
    }
    if let curve {
        try curve.sink().write(Array(csv.utf8))
        try curve.commit()
    }
    try context.write(frame)
    if context.has(reportFlag) {
        context.note("lista-train: depth \(depth), \(atoms) atoms x \(features) features, lambda \(format(lambda)), \(epochs) epochs of \(trainingRows) rows; \(holdout > 0 ? "held-out code error (mean 1/2||z - z*||^2) \(format(untrainedError)) untrained (\(depth) ISTA steps) -> \(format(finalError)) trained" : "training loss \(format(trainingLoss))"); held \(formatBytes(heldBytes)) of rows and targets; \(format(monotonicSeconds() - started, "%.2f")) s")
    }
}
