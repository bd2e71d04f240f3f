// lista-train: learn a fast sparse encoder (LISTA, Gregor & LeCun 2010) that predicts a dictionary's lasso codes in K steps.
import ModelFiles
import SparseCoding
import TensorCore
import TensorStream
import ToolSupport

let dictionaryOption = SharedOptions.dictionary(required: "the dictionary whose codes the encoder learns")
let depthOption = OptionSpec<Int>("depth", value: "K", required: "the number of unrolled steps", range: 1...1000, help: "unrolled steps (shrinkages) of the encoder; required")
let lambdaOption = SharedOptions.lambda(absent: "the dictionary's lambda attribute, else 1", help: "weight of the l1 penalty of the target codes")
let epochsOption = SharedOptions.epochs(default: 20)
let learningRateOption = OptionSpec<Double>("lr", value: "R", default: 0.2, range: 1e-12...10, help: "Adam's initial step, relative to each tensor's initial RMS size and divided by the depth, decayed to 0 by the last step along a half cosine")
let batchSizeOption = SharedOptions.batchSize(default: 256, help: "rows per minibatch")
let holdoutOption = OptionSpec<Int>("holdout", value: "N", default: 0, range: 0...1_000_000_000, help: "rows kept out of training to measure the code error on")
let positiveFlag = SharedOptions.positive(help: "non-negative codes (targets and encoder)")
let curveOption = OptionSpec.outputFile("curve", value: "FILE.csv", absent: "none", help: "write epoch, training loss and held-out code error per epoch as CSV (for plot)")
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

ToolRunner.run(description) { context in
    let dictionaryPath = try context.value(dictionaryOption)
    let depth = try context.value(depthOption)
    let epochs = try context.value(epochsOption)
    let seed = try context.value(SharedOptions.seed)
    let holdout = try context.value(holdoutOption)
    let dictionary = try DictionaryModel.read(path: dictionaryPath)
    let lambda = try context.given(lambdaOption) ?? dictionary.frame.optionalNumber("lambda", in: 0...1e30, of: dictionary.path) ?? 1
    let (atoms, features) = (dictionary.atoms, dictionary.features)
    let curve = context.sideOutput(curveOption)

    let started = monotonicSeconds()
    var set = try TrainingSet(reading: context)
    guard set.features == features else {
        throw ToolFailure("data rows have \(set.features) features but the dictionary \(dictionaryPath) has \(features) (\(atoms) atoms x \(features)); use a dictionary made for this data")
    }
    var training = try LISTATraining(
        values: set.values, rows: set.rows, dictionary: dictionary.values, atoms: atoms, features: features, lambda: Float(lambda),
        depth: depth, positive: context.has(positiveFlag), epochs: epochs, learningRate: try context.value(learningRateOption),
        batchSize: try context.value(batchSizeOption), holdout: holdout, seed: seed)
    set.values = []
    func csvNumber(_ value: Double?) -> String { value.map { format($0, "%.6g") } ?? "" }
    var csv = "epoch,training_loss,holdout_code_error\n0,,\(csvNumber(training.untrainedError))\n"
    training.run(seconds: monotonicSeconds) { report in
        csv += "\(report.epoch),\(format(report.trainingLoss, "%.6g")),\(csvNumber(report.heldOutError))\n"
        let heldOut = report.heldOutError.map { ", held-out code error \(format($0))" } ?? ""
        context.progress("epoch \(report.epoch)/\(epochs), \(format(report.rowsPerSecond, "%.0f")) rows/s, training loss \(format(report.trainingLoss))\(heldOut)")
    }

    if let curve {
        try curve.sink().write(Array(csv.utf8))
        try curve.finish()
    }
    try context.write(LISTAModel.frame(of: training, lambda: lambda, dictionary: dictionary, seed: seed))
    if context.has(reportFlag) {
        let errors = training.untrainedError.map { before in
            "held-out code error (mean 1/2||z - z*||^2) \(format(before)) untrained (\(depth) ISTA steps) -> \(format(training.heldOutError ?? .nan)) trained"
        } ?? "training loss \(format(training.trainingLoss))"
        context.note("lista-train: depth \(depth), \(atoms) atoms x \(features) features, lambda \(format(lambda)), \(epochs) epochs of \(training.trainingRows) rows; \(errors); held \(formatBytes(training.heldBytes)) of rows and targets; \(format(monotonicSeconds() - started, "%.2f")) s")
    }
}
