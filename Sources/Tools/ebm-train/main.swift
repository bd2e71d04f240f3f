// ebm-train: learn an energy E(y) on low-dimensional points by contrastive divergence with Langevin samples.
import EnergyModels
import ModelFiles
import SparseCoding
import TensorCore
import ToolSupport

let hiddenOption = OptionSpec<String>("hidden", value: "H[,H2...]", default: "64,64", help: "widths of the MLP's softplus layers",
                                      accepted: "1 to 8 whole numbers from 1 to 65536, comma-separated", outOfRange: ["0", "64,0"], accepts: { MLPEnergyModel.widths($0) != nil })
let stepsOption = OptionSpec<Int>("cd", value: "K", default: 10, range: 1...100_000, help: "Langevin steps of each negative sample (CD-K; with --pcd, steps per update)")
let pcdFlag = Flag("pcd", help: "persistent CD: the negatives continue chains kept across updates instead of starting at the batch")
let particlesOption = OptionSpec<Int>("particles", value: "N", absent: "1024, with --pcd", range: 1...10_000_000, help: "persistent chains (--pcd)")
let stepSizeOption = OptionSpec<Double>("step-size", value: "EPS", default: 0.01, range: 1e-9...10, help: "Langevin step: y <- y - (EPS/2) grad E(y) + sqrt(EPS) noise")
let alphaOption = OptionSpec<Double>("alpha", value: "A", default: 0.1, range: 0...1e6, help: "weight of the energies' squares, which keeps them bounded")
let restartOption = OptionSpec<Double>("restart", value: "P", absent: "0.05, with --pcd", range: 0...1, help: "probability a persistent chain restarts at a uniform point of the data's box")
let epochsOption = SharedOptions.epochs(default: 100)
let batchSizeOption = SharedOptions.batchSize(default: 128, help: "points per minibatch")
let learningRateOption = OptionSpec<Double>("lr", value: "R", default: 1e-2, range: 1e-12...10, help: "Adam's step size")
let holdoutOption = OptionSpec<Int>("holdout", value: "N", default: 0, range: 0...1_000_000_000, help: "points kept out of training to measure the margin on: mean E of uniform points of the box minus mean E of these")
let curveOption = OptionSpec.outputFile("curve", value: "FILE.csv", absent: "none", help: "write the mean energies of every epoch (and the held-out margin) as CSV")
let reportFlag = Flag("report", help: "print the final energies and the held-out margin on stderr")

let description = ToolDescription(
    name: "ebm-train",
    usage: "[--hidden H,H2] [--cd K] [--pcd [--particles N]] [options] -o MODEL [INPUT...]",
    summary: "Learn an energy E(y) on low-dimensional points by contrastive divergence: push it down on the data, up where Langevin walks end.",
    details: """
    E is an MLP with softplus layers and one linear output. Each minibatch of training points
    y+ gets negatives y-: K Langevin steps y <- y - (EPS/2) grad E(y) + sqrt(EPS) noise,
    started at the batch's own points (CD-K) or continuing persistent chains (--pcd; each chain
    restarts at a uniform point of the data's box with probability P). Adam minimises

        mean E(y+) - mean E(y-) + A (mean E(y+)^2 + mean E(y-)^2)

    Rows are points ([rows, D], the data of every frame, held in memory; toy-data makes 2-D
    ones). Progress per epoch on stderr (a terminal, or --progress): the mean energy of the
    batches' points and of their negatives. With --holdout N, each epoch also measures the
    margin: the mean energy of 1000 uniform points of the box minus that of the held-out
    points (the gap the contrastive term is meant to open). The output is one frame
    (kind=mlp-energy) that energy-map draws. Same input and seed, same bytes out.
    """,
    options: [hiddenOption, stepsOption, pcdFlag, particlesOption, stepSizeOption, alphaOption, restartOption, epochsOption, batchSizeOption,
              learningRateOption, holdoutOption, SharedOptions.seed, curveOption, reportFlag],
    example: "toy-data --kind moons --count 2000 --noise 0.05 | ebm-train --cd 10 --holdout 200 -o energy.lpt; energy-map --model energy.lpt -o map.png")

ToolRunner.run(description) { context in
    let persistent = context.has(pcdFlag)
    if !persistent, let given = [particlesOption as any DeclaredOption, restartOption].first(where: context.has) {
        throw UsageError("--\(given.option.name) applies to --pcd only")
    }
    let seed = try context.value(SharedOptions.seed), holdout = try context.value(holdoutOption)
    let options = MLPEnergyTraining.Options(
        particles: persistent ? context.given(particlesOption) ?? 1024 : nil, restart: Float(context.given(restartOption) ?? 0.05),
        regularization: Float(try context.value(alphaOption)), epochs: try context.value(epochsOption),
        batchSize: try context.value(batchSizeOption), learningRate: Float(try context.value(learningRateOption)), seed: seed)
    let sampler = LangevinSampler(stepSize: Float(try context.value(stepSizeOption)), steps: try context.value(stepsOption))
    let hidden = MLPEnergyModel.widths(try context.value(hiddenOption))!
    let curve = context.sideOutput(curveOption)

    let set = try TrainingSet(reading: context)
    guard holdout < set.rows else { throw ToolFailure("--holdout \(holdout) leaves no training points of the \(set.rows); hold out fewer") }
    let (points, count, heldOut) = try splitHeldOutRows(set.values, rows: set.rows, features: set.features, holdout: holdout, seed: seed &+ 1)
    var training = try MLPEnergyTraining(points: points, count: count, hidden: hidden, sampler: sampler, options: options)
    let uniform = training.uniformPoints(1000, seed: seed &+ 2)
    func margin() -> Double { training.energy.meanEnergy(uniform, rows: 1000) - training.energy.meanEnergy(heldOut, rows: holdout) }
    var table = "epoch,positive_energy,negative_energy,heldout_margin\n"
    var last: MLPEnergyTraining.EpochReport?
    for _ in 0..<options.epochs {
        let report = training.trainEpoch()
        last = report
        let heldOutMargin = holdout > 0 ? margin() : nil
        table += "\(report.epoch),\(format(report.positiveEnergy, "%.7g")),\(format(report.negativeEnergy, "%.7g")),\(heldOutMargin.map { format($0, "%.7g") } ?? "")\n"
        guard report.positiveEnergy.isFinite && report.negativeEnergy.isFinite else {
            throw ToolFailure("training diverged at epoch \(report.epoch): the energy is not finite; lower --lr or --step-size")
        }
        if context.showsProgress {
            context.note("ebm-train: epoch \(report.epoch)/\(options.epochs): mean E data \(format(report.positiveEnergy)), negatives \(format(report.negativeEnergy))"
                         + (heldOutMargin.map { ", held-out margin \(format($0))" } ?? ""))
        }
    }
    if let curve { try curve.sink().write(Array(table.utf8)); try curve.finish() }
    var attributes: [(String, AttributeValue)] = [
        ("method", .string(persistent ? "pcd:\(options.particles!)" : "cd")), ("steps", .number(Double(sampler.steps))),
        ("step_size", .decimal(sampler.stepSize)), ("alpha", .decimal(options.regularization)),
        ("lr", .decimal(options.learningRate)), ("batch_size", .number(Double(options.batchSize))),
        ("seed", .string(String(seed))), ("holdout", .number(Double(holdout)))]
    if let last { attributes += [("train_positive_energy", .number(last.positiveEnergy)), ("train_negative_energy", .number(last.negativeEnergy))] }
    if holdout > 0 { attributes.append(("heldout_margin", .number(margin()))) }
    try context.write(MLPEnergyModel.frame(of: training.energy, box: training.box, epochs: training.epochsCompleted, attributes: attributes))
    if context.has(reportFlag), let last {
        context.note("ebm-train: \(training.epochsCompleted) epochs of \(count) points; mean E data \(format(last.positiveEnergy)), negatives \(format(last.negativeEnergy))"
                     + (holdout > 0 ? "; held-out margin \(format(margin())) (mean E of 1000 uniform points of the box minus mean E of \(holdout) held-out points)" : ""))
    }
}
