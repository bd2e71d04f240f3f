// dae-train: train a denoising auto-encoder (corrupt a row, learn to restore it) on rows of data.
import EnergyModels
import ModelFiles
import SparseCoding
import TensorCore
import ToolSupport

let hiddenOption = OptionSpec<Int>("hidden", value: "H", default: 256, range: 1...65536, help: "hidden units")
let noiseOption = OptionSpec<String>("noise", value: "KIND:LEVEL", default: "gaussian:0.3", help: "the corruption: gaussian:SIGMA, mask:P (zero each value with probability P) or saltpepper:P",
                                     accepted: "gaussian:S (S >= 0), mask:P or saltpepper:P (0 <= P < 1)", outOfRange: ["gaussian:-1", "mask:1", "blur:2"],
                                     accepts: { (try? Corruption(parsing: $0)) != nil })
let activationOption = OptionSpec<String>("activation", default: "sigmoid", choices: DAEActivation.allCases.map(\.rawValue), help: "the hidden units' nonlinearity")
let lossOption = OptionSpec<String>("loss", default: "squared", choices: ["squared", "cross-entropy"],
                                    help: "reconstruction error, the energy: squared (linear output) or cross-entropy (sigmoid output, rows in [0, 1])")
let tiedFlag = Flag("tied", help: "the decoder's weights are the encoder's transposed")
let epochsOption = SharedOptions.epochs(default: 30)
let batchSizeOption = SharedOptions.batchSize(default: 64, help: "rows per minibatch")
let learningRateOption = OptionSpec<Double>("lr", value: "R", default: 1e-3, range: 1e-12...10, help: "Adam's step size")
let holdoutOption = OptionSpec<Int>("holdout", value: "N", default: 0, range: 0...1_000_000_000, help: "rows kept out of training to measure the held-out energy and denoising error on")
let curveOption = OptionSpec.outputFile("curve", value: "FILE.csv", absent: "none", help: "write the training loss, held-out energy and denoising error of every epoch as CSV")
let reportFlag = Flag("report", help: "print the final errors on stderr")

let description = ToolDescription(
    name: "dae-train",
    usage: "[--hidden H] [--noise KIND:LEVEL] [--tied] [--loss squared|cross-entropy] [options] -o MODEL [INPUT...]",
    summary: "Train a denoising auto-encoder: corrupt each row, learn to restore the clean one; its reconstruction error is an energy.",
    details: """
    An encoder h = act(x W + b) of H units and a decoder r = h W' + c (W' = W^T with --tied;
    a sigmoid on r with --loss cross-entropy) are trained by Adam to map corrupted rows (a
    fresh seeded corruption every epoch: Gaussian noise, masking or salt and pepper) back to
    the clean ones. The energy of a row is the reconstruction error of the clean row: low on
    the data manifold, growing with the distance from it. Rows are [rows, features], held in
    memory. Progress per epoch on stderr (a terminal, or --progress): the training loss and,
    with --holdout, the held-out energy and denoising error. The output is one frame
    (kind=dae) that energy-map draws (2-D points) and montage shows (encoder.weight columns
    are the filters). Same input and seed, same bytes out.
    """,
    options: [hiddenOption, noiseOption, activationOption, lossOption, tiedFlag, epochsOption, batchSizeOption, learningRateOption,
              holdoutOption, SharedOptions.seed, curveOption, reportFlag],
    example: "toy-data --kind moons --count 2000 | dae-train --hidden 64 --noise gaussian:0.1 --holdout 200 -o dae.lpt")

ToolRunner.run(description) { context in
    let seed = try context.value(SharedOptions.seed), holdout = try context.value(holdoutOption)
    let options = DAETraining.Options(corruption: try Corruption(parsing: try context.value(noiseOption)), epochs: try context.value(epochsOption),
                                      batchSize: try context.value(batchSizeOption), learningRate: Float(try context.value(learningRateOption)), seed: seed)
    let curve = context.sideOutput(curveOption)
    var set = try TrainingSet(reading: context)
    let architecture = DAEArchitecture(features: set.features, hidden: try context.value(hiddenOption),
                                       activation: DAEActivation(rawValue: try context.value(activationOption))!, tied: context.has(tiedFlag),
                                       reconstruction: try context.value(lossOption) == "squared" ? .squaredError : .crossEntropy)
    guard holdout < set.rows else { throw ToolFailure("--holdout \(holdout) leaves no training rows of the \(set.rows); hold out fewer") }
    let (rows, count, heldOut) = try splitHeldOutRows(set.values, rows: set.rows, features: set.features, holdout: holdout, seed: seed &+ 1)
    set.values = []
    var training = try DAETraining(rows: rows, count: count, heldOut: heldOut, heldOutCount: holdout, architecture: architecture, options: options)
    var table = "epoch,train_loss,heldout_energy,heldout_denoising,seconds\n"
    var last: DAETraining.EpochReport?
    for _ in 0..<options.epochs {
        let report = training.trainEpoch(seconds: monotonicSeconds)
        last = report
        let heldOutColumns = report.heldOut.map { "\(format($0.energy, "%.7g")),\(format($0.denoising, "%.7g"))" } ?? ","
        table += "\(report.epoch),\(format(report.training, "%.7g")),\(heldOutColumns),\(format(report.seconds, "%.4f"))\n"
        if report.diverged { throw ToolFailure("training diverged at epoch \(report.epoch): the loss is not finite; lower --lr") }
        if context.showsProgress {
            context.note("dae-train: epoch \(report.epoch)/\(options.epochs): train loss \(format(report.training))"
                         + (report.heldOut.map { ", held-out energy \(format($0.energy)), denoising error \(format($0.denoising))" } ?? ""))
        }
    }
    if let curve { try curve.sink().write(Array(table.utf8)); try curve.finish() }
    var attributes: [(String, AttributeValue)] = [
        ("noise", .string(options.corruption.description)), ("lr", .decimal(options.learningRate)),
        ("batch_size", .number(Double(options.batchSize))), ("seed", .string(String(seed))), ("holdout", .number(Double(holdout)))]
    if let last { attributes.append(("train_loss", .number(last.training))) }
    if let heldOut = last?.heldOut { attributes += [("heldout_energy", .number(heldOut.energy)), ("heldout_denoising", .number(heldOut.denoising))] }
    for key in DictionaryModel.rowAttributes { if let value = set.firstFrame.attribute(key) { attributes.append((key, value)) } }
    try context.write(DAEModel.frame(of: training.model, epochs: training.epochsCompleted, attributes: attributes))
    if context.has(reportFlag), let last {
        context.note("dae-train: \(training.epochsCompleted) epochs of \(count) rows; train loss \(format(last.training))"
                     + (last.heldOut.map { "; held-out energy \(format($0.energy)), denoising error \(format($0.denoising))" } ?? ""))
    }
}
