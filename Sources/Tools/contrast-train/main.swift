// contrast-train: learn a representation of images by contrast (SimCLR's InfoNCE; PIRL's memory bank, MoCo's queue).
import Augmentation
import ContrastiveLearning
import ModelFiles
import SparseCoding
import TensorCore
import ToolSupport

let dimOption = OptionSpec<Int>("dim", value: "D", default: 32, range: 1...4096, help: "dimension of the projection z the loss compares")
let hiddenOption = OptionSpec<String>("hidden", value: "H[,H2]", default: "256", help: "widths of the encoder's ReLU layers; the representation h is the last (embed's output)",
                                      accepted: "one or two whole numbers from 1 to \(VAEModel.sizes.upperBound), comma-separated", outOfRange: ["0", "256,0", "1,2,3"], accepts: { VAEModel.hiddenWidths($0) != nil })
let temperatureOption = OptionSpec<Double>("temperature", aliases: ["tau"], value: "T", default: 0.5, range: 1e-3...1e3, help: "softmax temperature of the InfoNCE loss on cosine similarities")
let negativesOption = OptionSpec<String>("negatives", value: "batch|bank:N|queue:N", default: "batch",
                                         help: "beyond the batch: none; a memory bank, N negatives and the image's entry as a positive (PIRL); or a queue of the last N keys of a momentum key network (MoCo)",
                                         accepted: "batch, bank:N or queue:N with N ≥ 1", outOfRange: ["bank:0", "pool:3", "queue"], accepts: { NegativeSource($0) != nil })
let momentumOption = OptionSpec<Double>("momentum", value: "M", absent: "0.5 for bank:N, 0.99 for queue:N", range: 0...0.999999,
                                        help: "weight the old value keeps at each update: of a memory-bank entry (bank:N) or of the key network's weights (queue:N)")
let epochsOption = OptionSpec<Int>("epochs", value: "E", default: 50, range: 0...1_000_000, help: "passes over the training rows (0: write the initialised network, a baseline)")
let batchSizeOption = OptionSpec<Int>("batch-size", value: "B", default: 256, range: 2...1_000_000, help: "images per minibatch (2B views); the last one keeps the rest")
let learningRateOption = OptionSpec<Double>("lr", value: "R", default: 1e-3, range: 1e-12...10, help: "Adam's step size")
let shiftOption = AugmentationOptions.shift(default: 1)
let holdoutOption = OptionSpec<Int>("holdout", value: "N", default: 0, range: 0...1_000_000_000, help: "input rows kept out of training (chosen at random) to measure the held-out loss and similarity gap on")
let heldOutOption = OptionSpec<String>("held-out", value: "FILE", help: "rows of FILE (not the input) to measure the held-out loss and gap on, instead of --holdout")
let curveOption = OptionSpec.outputFile("curve", value: "FILE.csv", absent: "none", help: "write the loss, similarities and seconds of every epoch as CSV (for plot)")
let reportFlag = Flag("report", help: "print the held memory, the final loss and gap, the seconds per epoch and in all on stderr")

let description = ToolDescription(
    name: "contrast-train",
    usage: "[--dim D] [--hidden H[,H2]] [--temperature T] [--negatives batch|bank:N|queue:N] [view options] [options] -o MODEL [INPUT...]",
    summary: "Learn a representation of small images by contrast: two random views of an image are a positive pair, other images the negatives (SimCLR's InfoNCE loss).",
    details: """
    An encoder f (ReLU layers of widths H, H2) maps an image row x to its representation h;
    a projection head g maps h through a ReLU layer of width H (H2) to z in D dimensions.
    Each epoch, every training image gets two random views (the view options, as augment's:
    shifts, rotations, crops, noise, contrast, brightness; contrast-train shifts by up to 1
    pixel unless told otherwise); on minibatches of B images (2B views) Adam minimises the
    InfoNCE (NT-Xent) loss on the cosine similarities of the unit-length z:

        L = mean over views a of  -log( exp(cos(z_a, z_a')/T) / sum_{k != a} exp(cos(z_a, z_k)/T) )

    a' the other view of a's image, k over the 2B - 1 other views. bank:N (PIRL) keeps a
    memory bank of one unit vector per training image, moved to m * entry + (1 - m) * its
    newest projection after each batch, and adds for every view the same loss with its
    image's entry as the positive and N entries of other images as the negatives; queue:N
    (MoCo) keeps a key network whose weights follow the trained one's (w <- m w + (1 - m) w')
    and adds the loss with the key of the other view as the positive and the last N keys of
    earlier batches as the negatives. Keys and entries are constants to the gradient.
    Rows are images ([rows, features], channel last, geometry from patch_height,
    patch_width and channels, else square grey; the digits are 8x8), all held in memory.
    Progress on stderr (a terminal, or --progress), one line per epoch: the loss and the
    mean cosine similarity of positive and of negative pairs, and their gap, for the
    training batches and for held-out pairs (--holdout or --held-out; one fixed pair of
    views per held-out image, negatives within batches of B). The output is one frame
    (kind=contrastive): the weights (encoder.0.weight [features, H], ..., head.0.*,
    head.1.*), the architecture and settings as attributes, the last epoch's statistics and
    the rows' patch geometry. embed writes h. Same input and seed, same bytes out.
    """,
    options: [dimOption, hiddenOption, temperatureOption, negativesOption, momentumOption, epochsOption, batchSizeOption, learningRateOption]
        + AugmentationOptions.all(shift: shiftOption) + [holdoutOption, heldOutOption, SharedOptions.seed, curveOption, reportFlag],
    example: "contrast-train --dim 32 --hidden 256 --temperature 0.5 --shift 1 --epochs 50 --holdout 300 -o simclr.lpt samples/digits-8x8.lpt")

reuseFreedMemory()
ToolRunner.run(description) { context in
    if context.has(holdoutOption) && context.has(heldOutOption) { throw UsageError("give --holdout N or --held-out FILE, not both") }
    let negatives = NegativeSource(try context.value(negativesOption))!
    if context.has(momentumOption) && negatives == .batch { throw UsageError("--momentum applies to --negatives bank:N or queue:N only") }
    let seed = try context.value(SharedOptions.seed), holdout = try context.value(holdoutOption)
    let options = ContrastiveTraining.Options(
        temperature: Float(try context.value(temperatureOption)), negatives: negatives, momentum: context.given(momentumOption).map(Float.init),
        epochs: try context.value(epochsOption), batchSize: try context.value(batchSizeOption),
        learningRate: Float(try context.value(learningRateOption)), seed: seed)
    let augmentation = try AugmentationOptions.augmentation(context, shift: shiftOption)
    let hidden = VAEModel.hiddenWidths(try context.value(hiddenOption))!
    let curve = context.sideOutput(curveOption)

    let started = monotonicSeconds()
    var set = try TrainingSet(reading: context)
    let shape = try set.firstFrame.rowImageShape(features: set.features)
    guard augmentation.maxShift < min(shape.height, shape.width) else {
        throw UsageError("a shift of up to \(augmentation.maxShift) pixels would empty images of \(shape.height)x\(shape.width); give a smaller --shift")
    }
    var heldOut = (values: [Float](), rows: 0)
    if let path = context.given(heldOutOption) {
        let file = try TrainingSet(path: path)
        guard file.features == set.features else { throw ToolFailure("\(inputName(path)): held-out rows of \(file.features) features, but the training rows have \(set.features)") }
        heldOut = (file.values, file.rows)
    }
    guard holdout < set.rows else { throw ToolFailure("--holdout \(holdout) leaves no training rows of the \(set.rows); hold out fewer") }
    let (rows, count, randomHeldOut) = try splitHeldOutRows(set.values, rows: set.rows, features: set.features, holdout: holdout, seed: seed &+ 1)
    if holdout > 0 { heldOut = (randomHeldOut, holdout) }
    set.values = []
    var training = try ContrastiveTraining(rows: rows, count: count, heldOut: heldOut.values, heldOutCount: heldOut.rows, shape: shape,
                                           augmentation: augmentation,
                                           architecture: ContrastiveArchitecture(features: set.features, hidden: hidden, dimension: try context.value(dimOption)),
                                           options: options)
    var table = ContrastiveModel.curveHeader
    var last: ContrastiveTraining.EpochReport?
    var trainingSeconds = 0.0
    for _ in 0..<options.epochs {
        let report = training.trainEpoch(seconds: monotonicSeconds)
        last = report
        trainingSeconds += report.seconds
        table += ContrastiveModel.curveLine(report)
        if context.showsProgress { context.note("contrast-train: " + ContrastiveModel.progressLine(report, of: options.epochs)) }
        if report.diverged { throw ToolFailure("training diverged at epoch \(report.epoch): the loss is not finite; lower --lr (\(format(Double(options.learningRate))))") }
    }
    if let curve { try curve.sink().write(Array(table.utf8)); try curve.finish() }
    try context.write(ContrastiveModel.frame(of: training, holdout: holdout, last: last, rows: set.firstFrame))
    if context.has(reportFlag), let last {
        context.note("contrast-train: " + ContrastiveModel.reportLine(of: training, epochs: options.epochs, last: last,
                                                                      trainingSeconds: trainingSeconds, totalSeconds: monotonicSeconds() - started))
    }
}
