// vae-train: train a variational auto-encoder (MLP encoder and decoder, Adam) on rows of data.
import ModelFiles
import SparseCoding
import TensorCore
import ToolSupport
import VariationalCoding

let latentOption = OptionSpec<Int>("latent", value: "D", absent: "the --resume model's; else required", range: 1...4096, help: "dimension of the latent code z")
let hiddenOption = OptionSpec<String>("hidden", value: "H[,H2]", default: "400", help: "widths of the hidden ReLU layers: one, or two (the encoder's H then H2; the decoder mirrors them)",
                                      accepted: "one or two whole numbers from 1 to \(VAEModel.sizes.upperBound), comma-separated", outOfRange: ["0", "400,0", "1,2,3"], accepts: { VAEModel.hiddenWidths($0) != nil })
let epochsOption = SharedOptions.epochs(default: 50)
let batchSizeOption = SharedOptions.batchSize(default: 128, help: "rows per minibatch (the last one of an epoch keeps the rest)")
let learningRateOption = OptionSpec<Double>("lr", value: "R", default: 1e-3, range: 1e-12...10, help: "Adam's step size")
let betaOption = OptionSpec<Double>("beta", value: "B", default: 1, range: 0...1e6, help: "weight of the KL term (0: a plain auto-encoder with noise, 1: the ELBO)")
let likelihoodOption = OptionSpec<String>("likelihood", default: "bernoulli", choices: ["bernoulli", "gaussian"],
                                          help: "p(x|z): Bernoulli on intensities in [0, 1], or Gaussian of standard deviation --output-sd")
let outputSDOption = OptionSpec<Double>("output-sd", value: "S", absent: "1, with --likelihood gaussian", range: 1e-6...1e6, help: "the Gaussian likelihood's standard deviation")
let holdoutOption = OptionSpec<Int>("holdout", value: "N", default: 0, range: 0...1_000_000_000, help: "input rows kept out of training (chosen at random) to measure the held-out nELBO on")
let heldOutOption = OptionSpec<String>("held-out", value: "FILE", help: "rows of FILE (not the input) to measure the held-out nELBO on, instead of --holdout")
let curveOption = OptionSpec.outputFile("curve", value: "FILE.csv", absent: "none", help: "write the nELBO terms and seconds of every epoch as CSV (for plot)")
let saveEveryOption = OptionSpec<Int>("save-every", value: "E", absent: "never", range: 1...1_000_000, help: "with -o, write the model and its training state every E epochs (checkpoints, resumable)")
let resumeOption = OptionSpec<String>("resume", value: "MODEL", help: "continue training MODEL (written by vae-train): its weights, Adam state and settings")
let reportFlag = Flag("report", help: "print the held memory, the final nELBO terms, the seconds per epoch and in all on stderr")

let description = ToolDescription(
    name: "vae-train",
    usage: "--latent D [--hidden H[,H2]] [options] -o MODEL [INPUT...]",
    summary: "Train a variational auto-encoder (Kingma & Welling 2014) on rows of data: MLP encoder and decoder, Adam.",
    details: """
    The encoder maps a row x [features] through ReLU layers of widths H (and H2) to the mean mu
    and the log-variance logvar of q(z|x) = N(mu, diag(exp(logvar))) in D dimensions; the
    decoder maps z = mu + exp(logvar/2) * eps, eps ~ N(0, I), back through the mirrored layers
    to the parameters of p(x|z) (the PyTorch VAE example's shape). Training minimises by Adam,
    on minibatches from a fresh seeded permutation every epoch, the mean over rows of

        -log p(x|z) + beta KL(q(z|x) || N(0, I)),   KL = 1/2 sum (mu^2 + sigma^2 - 1 - log sigma^2)

    with -log p(x|z) = sum softplus(l) - x l for Bernoulli (l the decoder's logits; rows must
    be intensities in [0, 1]) or sum ((x - m)/s)^2/2 + log(2 pi s^2)/2 for Gaussian. With
    beta = 1 this is the negative ELBO (nELBO, nats per row); the KL term pulls the codes'
    "fuzzy balls" towards the origin and keeps their variance near 1.

    Rows are samples ([rows, features], the data of every frame of the inputs, held in memory
    as float32). Progress on stderr (a terminal, or --progress), one line per epoch: the
    training nELBO (means over the epoch's batches) and the held-out one (--holdout or
    --held-out; one fixed eps per row, so epochs compare), each as recon + KL. The output is
    one frame (kind=vae): the weights (encoder.0.weight [features, H], ..., mean.*, logvar.*,
    decoder.*, output.*), Adam's moments and the attributes features, latent, hidden,
    likelihood, epochs, adam_steps, beta, batch_size, lr, seed, holdout, the last epoch's nELBO
    terms and the rows' patch geometry (so vae-sample's output can be drawn). --resume MODEL
    continues training: the architecture is the model's and the settings not given are the
    model's too; --epochs counts the additional epochs. E1 epochs then E2 resumed give the
    same bytes as E1 + E2 in one run. Same input and seed, same bytes out.
    """,
    options: [latentOption, hiddenOption, epochsOption, batchSizeOption, learningRateOption, betaOption, likelihoodOption, outputSDOption,
              holdoutOption, heldOutOption, SharedOptions.seed, curveOption, saveEveryOption, resumeOption, reportFlag],
    example: "vae-train --latent 2 --hidden 400 --epochs 30 --holdout 300 --curve curve.csv -o vae.lpt samples/digits-8x8.lpt")

/// The architecture asked for, the `--resume` model's when there is one (options that
/// disagree with it are usage errors).
func architecture(_ context: ToolContext, features: Int, resumed: VAEModel?) throws -> VAEArchitecture {
    let sd = context.given(outputSDOption)
    let likelihood = context.given(likelihoodOption) ?? resumed?.architecture.likelihood.name ?? likelihoodOption.defaultValue!
    if sd != nil && likelihood == "bernoulli" { throw UsageError("--output-sd applies to --likelihood gaussian only") }
    let asked = VAEArchitecture(features: features, hidden: VAEModel.hiddenWidths(try context.value(hiddenOption)) ?? [],
                                latent: try context.given(latentOption) ?? resumed?.architecture.latent
                                    ?? { throw UsageError("--latent D is required (the dimension of the code)") }(),
                                likelihood: likelihood == "gaussian" ? .gaussian(standardDeviation: Float(sd ?? 1)) : .bernoulli)
    let count = VAEModel.parameterCount(asked)
    if resumed == nil, count > VAEModel.maxParameters { throw UsageError("--hidden and --latent make \(count) parameters for rows of \(features) features, more than the \(VAEModel.maxParameters) vae-train holds; use smaller layers") }
    guard let resumed else { return asked }
    let model = resumed.architecture
    let agreements: [(any DeclaredOption, Bool)] = [
        (latentOption, asked.latent == model.latent), (hiddenOption, asked.hidden == model.hidden),
        (likelihoodOption, likelihood == model.likelihood.name), (outputSDOption, asked.likelihood == model.likelihood)]
    for (declared, same) in agreements where context.has(declared) && !same {
        throw UsageError("--\(declared.option.name) differs from \(resumed.path) (latent \(model.latent), hidden \(VAEModel.hiddenText(model.hidden)), \(model.likelihood.name)); leave out --latent, --hidden, --likelihood and --output-sd to resume it")
    }
    return model
}

ToolRunner.run(description) { context in
    let saveEvery = context.given(saveEveryOption)
    if saveEvery != nil && context.output.path == nil { throw UsageError("--save-every needs -o FILE (checkpoints replace FILE)") }
    if context.has(holdoutOption) && context.has(heldOutOption) { throw UsageError("give --holdout N or --held-out FILE, not both") }
    let resumed = try context.given(resumeOption).map { try VAEModel.read(path: $0) }
    let recorded = try resumed?.trainingSettings()
    if let resumed, resumed.adamState == nil || recorded == nil { throw ToolFailure("\(resumed.path) holds no training state (Adam's moments and vae-train's settings); train afresh") }
    let settings = VAEModel.TrainingSettings(
        beta: context.given(betaOption) ?? recorded?.beta ?? betaOption.defaultValue!,
        batchSize: context.given(batchSizeOption) ?? recorded?.batchSize ?? batchSizeOption.defaultValue!,
        learningRate: context.given(learningRateOption) ?? recorded?.learningRate ?? learningRateOption.defaultValue!,
        seed: context.given(SharedOptions.seed) ?? recorded?.seed ?? 0,
        holdout: context.given(holdoutOption) ?? (context.has(heldOutOption) ? 0 : recorded?.holdout ?? 0))
    let epochs = try context.value(epochsOption)
    let curve = context.sideOutput(curveOption)
    _ = try architecture(context, features: resumed?.architecture.features ?? 1, resumed: resumed)  // usage errors before reading

    let started = monotonicSeconds()
    var set = try TrainingSet(reading: context)
    if let resumed, resumed.architecture.features != set.features {
        throw ToolFailure("data rows have \(set.features) features but \(resumed.path) was trained on \(resumed.architecture.features); resume with rows of its kind")
    }
    let shape = try architecture(context, features: set.features, resumed: resumed)
    try shape.validate(rows: set.values, count: set.rows)
    guard settings.holdout < set.rows else {
        throw ToolFailure("--holdout \(settings.holdout) leaves no training rows of the \(set.rows); hold out fewer")
    }
    var heldOut = (values: [Float](), rows: 0)
    if let path = context.given(heldOutOption) {
        let file = try TrainingSet(path: path)
        guard file.features == set.features else { throw ToolFailure("\(inputName(path)): held-out rows of \(file.features) features, but the training rows have \(set.features)") }
        do { try shape.validate(rows: file.values, count: file.rows) } catch { throw ToolFailure("\(inputName(path)) (held out): \(error)") }
        heldOut = (file.values, file.rows)
    }
    let (rows, count, randomHeldOut) = try splitHeldOutRows(set.values, rows: set.rows, features: set.features, holdout: settings.holdout, seed: settings.seed &+ 1)
    if settings.holdout > 0 { heldOut = (randomHeldOut, settings.holdout) }
    set.values = []
    let options = settings.options(epochs: epochs)
    var training = if let resumed {
        try VAETraining(rows: rows, count: count, heldOut: heldOut.values, heldOutCount: heldOut.rows, resuming: resumed.autoEncoder,
                        adamState: resumed.adamState!, epochsCompleted: resumed.epochs, options: options)
    } else {
        try VAETraining(rows: rows, count: count, heldOut: heldOut.values, heldOutCount: heldOut.rows, architecture: shape, options: options)
    }
    let totalEpochs = training.epochsCompleted + epochs

    var table = VAEModel.curveHeader
    var last: VAETraining.EpochReport?
    var trainingSeconds = 0.0
    for _ in 0..<epochs {
        let report = training.trainEpoch(seconds: monotonicSeconds)
        last = report
        trainingSeconds += report.seconds
        table += VAEModel.curveLine(report)
        if context.showsProgress { context.note("vae-train: " + VAEModel.progressLine(report, of: totalEpochs)) }
        if report.diverged { throw ToolFailure("training diverged at epoch \(report.epoch): the loss is not finite; lower --lr (\(format(settings.learningRate)))") }
        if let saveEvery, report.epoch % saveEvery == 0 {
            let checkpoint = try OutputTarget.file(context.output.path!)
            try checkpoint.frames().write(VAEModel.frame(of: training, settings: settings, last: report, rows: set.firstFrame))
            try checkpoint.commit()
        }
    }
    if let curve { try curve.sink().write(Array(table.utf8)); try curve.finish() }
    try context.write(VAEModel.frame(of: training, settings: settings, last: last, rows: set.firstFrame))
    if context.has(reportFlag), let last {
        context.note("vae-train: " + VAEModel.reportLine(of: training, settings: settings, epochs: epochs, last: last,
                                                         trainingSeconds: trainingSeconds, totalSeconds: monotonicSeconds() - started))
    }
}
