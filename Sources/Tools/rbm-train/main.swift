// rbm-train: train a restricted Boltzmann machine (binary or Gaussian visible units) by CD-k or persistent CD.
import EnergyModels
import ModelFiles
import SparseCoding
import TensorCore
import ToolSupport

let hiddenOption = OptionSpec<Int>("hidden", value: "H", default: 256, range: 1...65536, help: "hidden units (scikit-learn's n_components)")
let cdOption = OptionSpec<Int>("cd", value: "K", absent: "persistent CD", range: 1...10_000,
                               help: "CD-k: each update runs K Gibbs steps from the batch's rows (instead of persistent chains)")
let pcdFlag = Flag("pcd", help: "persistent CD (the default): chains kept alive across updates (Tieleman 2008; scikit-learn's BernoulliRBM)")
let particlesOption = OptionSpec<Int>("particles", value: "N", absent: "the batch size, as scikit-learn", range: 1...1_000_000,
                                      help: "persistent CD's chains")
let stepsOption = OptionSpec<Int>("steps", value: "K", default: 1, range: 1...10_000, help: "Gibbs steps per update of persistent CD's chains")
let visibleOption = OptionSpec<String>("visible", default: "bernoulli", choices: VisibleUnits.allCases.map(\.rawValue),
                                       help: "the visible units: binary (rows in [0, 1]) or Gaussian of unit variance (real rows, standardised or whitened)")
let learningRateOption = OptionSpec<Double>("lr", value: "R", absent: "0.1 (0.001 with --visible gaussian)", range: 1e-12...100,
                                            help: "SGD step on the batch's mean log-likelihood gradient (scikit-learn's learning_rate)")
let batchSizeOption = SharedOptions.batchSize(default: 10, help: "rows per minibatch (the last one of an epoch keeps the rest)")
let epochsOption = OptionSpec<Int>("epochs", value: "E", default: 10, range: 0...1_000_000, help: "passes over the training rows (scikit-learn's n_iter; 0: write the initialised machine)")
let holdoutOption = OptionSpec<Int>("holdout", value: "N", default: 0, range: 0...1_000_000_000, help: "input rows kept out of training (chosen at random) to measure the held-out pseudo-log-likelihood on")
let heldOutOption = OptionSpec<String>("held-out", value: "FILE", help: "rows of FILE (not the input) to measure the held-out pseudo-log-likelihood on, instead of --holdout")
let curveOption = OptionSpec.outputFile("curve", value: "FILE.csv", absent: "none", help: "write the reconstruction error, pseudo-log-likelihood, free energy and seconds of every epoch as CSV (for plot)")
let inOrderFlag = Flag("in-order", help: "visit the rows in their own order every epoch, as scikit-learn's BernoulliRBM (default: a fresh seeded order each epoch)")
let reportFlag = Flag("report", help: "print the machine, the final evaluations, the seconds per epoch and in all on stderr")

let description = ToolDescription(
    name: "rbm-train",
    usage: "[--hidden H] [--cd K | --pcd [--particles N] [--steps K]] [options] -o MODEL [INPUT...]",
    summary: "Train a restricted Boltzmann machine on rows in [0, 1] (or real rows) by CD-k or persistent CD.",
    details: """
    The RBM has binary visible units v (a row's features) and H binary hidden units h, energy
    E(v, h) = -v.b - h.c - v W h, and free energy F(v) = -v.b - sum softplus(v W + c). Rows
    must be in [0, 1] (binary, or grey levels read as probabilities, as scikit-learn's
    BernoulliRBM; scale 8-bit pixels by 1/255 first). Training follows the contrastive
    lecture: each minibatch pushes the energy down at the rows (the positive phase) and up
    where Gibbs sampling from the model ends (the negative phase), theta <- theta + lr * g,
    g the batch mean of the gradient estimate. With --cd K the chains start at the batch's
    rows and run K steps (CD-1 is quick but biased); by default (--pcd) N persistent chains
    (--particles, the batch size by default) advance --steps steps per update and are never
    restarted, so the negative phase follows the model (scikit-learn's method). Defaults are
    scikit-learn's: 256 hidden units, lr 0.1, batches of 10, 10 epochs, W ~ N(0, 0.01^2);
    each epoch visits the rows in a fresh seeded order (--in-order: the rows' own order, as
    scikit-learn).

    --visible gaussian makes the visible units real with unit variance (a Gaussian-Bernoulli
    RBM, Hinton 2010 section 13.2): E(v, h) = ||v - b||^2 / 2 - h.c - v W h, v | h ~ N(h W^T + b, I),
    for real rows such as whitened patches (each feature of unit variance: whiten or
    standardise first). The pseudo-log-likelihood is then not reported; the free energy is.

    Rows are samples ([rows, features], every frame of the inputs, held in memory). After
    each epoch the mean reconstruction error ||v - E[v | p(h | v)]||^2, the mean free energy
    and the mean pseudo-log-likelihood (scikit-learn's score_samples: V log sigmoid(F(v~) - F(v)), v~ the row
    with one unit flipped, the same unit every epoch) of the training rows and of the held-out
    rows (--holdout or --held-out); progress on stderr (a terminal, or --progress), --curve
    writes them as CSV. The output is one frame (kind=rbm): weight [visible, hidden],
    visible_bias, hidden_bias, chains [particles, hidden] (persistent CD), and the attributes
    visible, hidden, visible_units, epochs, method (cd:K or pcd:N), steps, lr, batch_size, seed,
    holdout, order, the last epoch's train_recon, train_pll, train_free_energy, the same
    heldout_* and the rows' patch
    geometry (so rbm-sample's rows can be drawn). embed --model writes p(h = 1 | v).
    Same input and seed, same bytes out.
    """,
    options: [hiddenOption, visibleOption, cdOption, pcdFlag, particlesOption, stepsOption, learningRateOption, batchSizeOption, epochsOption,
              holdoutOption, heldOutOption, inOrderFlag, SharedOptions.seed, curveOption, reportFlag],
    example: "rbm-train --hidden 100 --lr 0.06 --epochs 20 --holdout 300 --curve rbm.csv -o rbm.lpt samples/digits-8x8.lpt")

ToolRunner.run(description) { context in
    if context.has(holdoutOption) && context.has(heldOutOption) { throw UsageError("give --holdout N or --held-out FILE, not both") }
    let cd = context.given(cdOption)
    let persistentOptions: [any DeclaredOption] = [pcdFlag, particlesOption, stepsOption]
    if cd != nil, let persistent = persistentOptions.first(where: { context.has($0) }) {
        throw UsageError("--\(persistent.option.name) is for persistent CD: give --cd K (K Gibbs steps from the rows) without it")
    }
    let batchSize = try context.value(batchSizeOption)
    let method: RBMTraining.Method = if let cd { .contrastiveDivergence(steps: cd) } else {
        .persistent(particles: context.given(particlesOption) ?? batchSize, steps: try context.value(stepsOption))
    }
    let seed = try context.value(SharedOptions.seed), holdout = try context.value(holdoutOption)
    let visibleUnits = VisibleUnits(rawValue: try context.value(visibleOption))!
    let learningRate = context.given(learningRateOption) ?? (visibleUnits == .gaussian ? 0.001 : 0.1)
    let settings = RBMModel.TrainingSettings(method: method, learningRate: learningRate, batchSize: batchSize,
                                             seed: seed, holdout: holdout, shufflesRows: !context.has(inOrderFlag))
    let hidden = try context.value(hiddenOption)
    let epochs = try context.value(epochsOption)
    let curve = context.sideOutput(curveOption)

    let started = monotonicSeconds()
    var set = try TrainingSet(reading: context)
    guard set.features <= RBMModel.maxWeights / hidden else {
        throw ToolFailure("rows of \(set.features) features and \(hidden) hidden units make more than the \(RBMModel.maxWeights) weights rbm-train holds; use fewer --hidden")
    }
    var heldOut = (values: [Float](), rows: 0)
    if let path = context.given(heldOutOption) {
        let file = try TrainingSet(path: path)
        guard file.features == set.features else { throw ToolFailure("\(inputName(path)): held-out rows of \(file.features) features, but the training rows have \(set.features)") }
        // The library's check of rows in [0, 1], here so that the message names the file.
        do { try BernoulliRBM(visible: file.features, hidden: 1, visibleUnits: visibleUnits, seed: 0).validate(rows: file.values, count: file.rows) } catch {
            throw ToolFailure("\(inputName(path)) (held out): \(error)")
        }
        heldOut = (file.values, file.rows)
    }
    guard holdout < set.rows else { throw ToolFailure("--holdout \(holdout) leaves no training rows of the \(set.rows); hold out fewer") }
    let (rows, count, randomHeldOut) = try splitHeldOutRows(set.values, rows: set.rows, features: set.features, holdout: holdout, seed: seed &+ 1)
    if holdout > 0 { heldOut = (randomHeldOut, holdout) }
    set.values = []
    var training = try RBMTraining(rows: rows, count: count, heldOut: heldOut.values, heldOutCount: heldOut.rows, hidden: hidden,
                                   visibleUnits: visibleUnits, options: settings.options(epochs: epochs))

    var table = RBMModel.curveHeader
    var last: RBMTraining.EpochReport?
    var trainingSeconds = 0.0
    for _ in 0..<epochs {
        let report = training.trainEpoch(seconds: monotonicSeconds)
        last = report
        trainingSeconds += report.seconds
        table += RBMModel.curveLine(report)
        if context.showsProgress { context.note("rbm-train: " + RBMModel.progressLine(report, of: epochs)) }
        if report.diverged { throw ToolFailure("training diverged at epoch \(report.epoch): a weight is not finite; lower --lr (\(format(settings.learningRate)))") }
    }
    if let curve { try curve.sink().write(Array(table.utf8)); try curve.finish() }
    try context.write(RBMModel.frame(of: training, settings: settings, last: last, rows: set.firstFrame))
    if context.has(reportFlag), let last {
        context.note("rbm-train: " + RBMModel.reportLine(of: training, settings: settings, epochs: epochs, last: last,
                                                         trainingSeconds: trainingSeconds, totalSeconds: monotonicSeconds() - started))
    }
}
