// csc-ae-train: train a convolutional sparse encoder (convolutional LISTA) that predicts the CSC feature maps of images in K steps.
import ConvolutionalCoding
import ImageIO
import ModelFiles
import TensorCore
import TensorStream
import ToolSupport

let kernelsOption = OptionSpec<String>("kernels", value: "FILE", required: "the convolution kernels whose maps the encoder learns (csc-learn -o FILE)",
                                       help: "convolution kernels [M, C, S1, S2] (csc-learn); required")
let depthOption = OptionSpec<Int>("depth", value: "K", required: "the number of shrinkages", range: 1...1000,
                                  help: "shrinkages of the encoder (1: the one-pass encoder; K > 1: convolutional LISTA); required")
let lambdaOption = OptionSpec<Double>("lambda", aliases: ["alpha"], value: "L", absent: "the kernels' lambda attribute, else 0.05",
                                      range: 1e-12...1e30, help: "weight of the l1 penalty of the target maps")
let epochsOption = SharedOptions.epochs(default: 20)
let learningRateOption = OptionSpec<Double>("lr", value: "R", default: 0.3, range: 1e-12...10,
                                            help: "Adam's initial step, relative to each tensor's initial RMS size and divided by the depth, decayed to 0 along a half cosine")
let batchSizeOption = SharedOptions.batchSize(default: 4, help: "crops per Adam step")
let cropOption = OptionSpec<Int>("crop", value: "S", default: 64, range: 4...4096, help: "side of the square crops the images are cut into")
let holdoutOption = OptionSpec<Int>("holdout", value: "N", default: 0, range: 0...1_000_000_000,
                                    help: "crops kept out of training to measure the code error on")
let maxIterationsOption = OptionSpec<Int>("max-iter", aliases: ["iters"], value: "K", default: 1000, range: 1...10_000_000,
                                          help: "most ADMM iterations per crop for the exact target maps")
let toleranceOption = OptionSpec<Double>("tol", value: "T", default: 1e-4, range: 1e-12...1,
                                         help: "ADMM's relative residuals that end a target's iterations")
let curveOption = OptionSpec.outputFile("curve", value: "FILE.csv", absent: "none",
                                        help: "write epoch, training loss and held-out code error per epoch as CSV (for plot)")
let reportFlag = Flag("report", help: "print the code errors before and after training, the targets' iterations and the time on stderr")

let description = ToolDescription(
    name: "csc-ae-train",
    usage: "--kernels FILE --depth K [options] [IMAGE...]",
    summary: "Train a convolutional sparse encoder that predicts the CSC feature maps of images in K steps.",
    details: """
    ISTA on the CSC energy 1/2 ||Y - sum_m D_m * Z_m||^2 + lambda sum_m ||Z_m||_1 is the
    recurrent network Z(1) = h(We x Y), Z(t+1) = h(Z(t) + We x (Y - Wd * Z(t))) with the
    analysis filters We = D / L, the synthesis filters Wd = D [M, C, S1, S2] (x the circular
    correlation, * the circular convolution of csc-encode) and the shrinkage
    h(c) = sign(c) max(|c| - theta_m, 0), theta = lambda / L per map (L the Lipschitz constant
    of the kernels). The encoder unrolls it K steps (an untrained encoder is exactly K ISTA
    steps; K = 1 is the one-pass encoder h(We x Y) of Kavukcuoglu et al. 2010, convolutional
    LISTA for K > 1) and learns We, Wd and theta by backpropagation through the K steps so that
    its maps match the exact ones: the targets are the maps ADMM finds (csc-encode's solver, to
    --tol within --max-iter) for the kernels' lambda attribute unless --lambda is given. The
    images are cut into S x S crops (--crop; a grid at a random offset per image), maps and
    convolutions circular on each crop. The loss is the mean over crops and pixels of
    1/2 sum_m (Z_m - Z*_m)^2, minimised by Adam on minibatches of crops from a fresh
    permutation every epoch; each tensor's step is --lr / K times the RMS of its initial
    entries, decayed to 0 along a half cosine.

    IMAGE: PNG files (read in colour when the kernels have 3 channels, else Rec. 601 grey) or
    a stream of image frames data [C, H, W] (highpass's output; high-pass the images as for
    csc-learn); none or - reads stdin. Every image must be at least S x S.

    Memory: every crop with its target maps in memory (pixels x (C + M) x 4 bytes, two 512 x 512
    images with 16 kernels 35 MB), plus K + 1 stacks of maps per crop of a minibatch. --holdout N
    keeps N random crops out of training; their code error is shown with the progress and
    written to --curve. Writes one frame: tensors analysis = We, synthesis = Wd [M, C, S1, S2],
    thresholds = theta [M]; attributes kind=csc-encoder, depth, lambda, kernels (the kernels'
    fingerprint, so csc-encode --encoder refuses other kernels), seed, epochs, crop and the
    final code errors. Same input and seed, same bytes out.
    """,
    options: [kernelsOption, depthOption, lambdaOption, epochsOption, learningRateOption, batchSizeOption, cropOption, holdoutOption,
              SharedOptions.seed, maxIterationsOption, toleranceOption, curveOption, reportFlag],
    example: "highpass photo.png | csc-ae-train --kernels K.lpt --depth 1 --holdout 8 --curve curve.csv -o enc.lpt")

ToolRunner.run(description) { context in
    let kernelsPath = try context.value(kernelsOption)
    let (depth, epochs, seed) = (try context.value(depthOption), try context.value(epochsOption), try context.value(SharedOptions.seed))
    let crop = try context.value(cropOption)
    let kernelsModel = try ConvolutionKernelsModel.read(path: kernelsPath)
    let kernels = kernelsModel.kernels
    let lambda = try context.given(lambdaOption) ?? kernelsModel.frame.optionalNumber("lambda", in: 1e-12...1e30, of: kernelsModel.path) ?? 0.05
    let solver = CSCEncoderOptions(lambda: Float(lambda), maxIterations: try context.value(maxIterationsOption),
                                   tolerance: Float(try context.value(toleranceOption)), algorithm: .admm)
    let options = ConvolutionalEncoderTraining.Options(
        depth: depth, epochs: epochs, learningRate: try context.value(learningRateOption), batchSize: try context.value(batchSizeOption),
        holdout: try context.value(holdoutOption), crop: crop, seed: seed, solver: solver)
    let curve = context.sideOutput(curveOption)
    let started = monotonicSeconds()

    var images: [PlaneStack] = []
    try forEachImage(in: context.inputPaths, color: kernels.channels == 3) { frame in
        let image = PlaneStack(frame["data"]!)
        let name = frame.imageName
        guard image.planes == kernels.channels else {
            throw ToolFailure("\(name): the image has \(image.planes) channel\(image.planes == 1 ? "" : "s") but the kernels \(kernelsModel.path) have \(kernels.channels); use kernels learned on \(image.planes == 1 ? "grey" : "colour") images (csc-learn\(image.planes == 3 ? " --color" : ""))")
        }
        guard image.height >= crop, image.width >= crop else {
            throw ToolFailure("\(name): the image (\(image.height)x\(image.width)) is smaller than the \(crop)x\(crop) crops; use a smaller --crop")
        }
        do { try image.requireFinite() } catch { throw ToolFailure("\(name): \(error)") }
        images.append(image)
    }
    context.progress("solving for the exact maps of the crops...")
    var training: ConvolutionalEncoderTraining
    do { training = try ConvolutionalEncoderTraining(images: images, kernels: kernels, options: options) } catch { throw ToolFailure("\(error)") }
    images = []
    let targetsSeconds = monotonicSeconds() - started

    func csvNumber(_ value: Double?) -> String { value.map { format($0, "%.6g") } ?? "" }
    var csv = "epoch,training_loss,holdout_code_error\n0,,\(csvNumber(training.untrainedError))\n"
    do {
        try training.run(seconds: monotonicSeconds) { report in
            csv += "\(report.epoch),\(format(report.trainingLoss, "%.6g")),\(csvNumber(report.heldOutError))\n"
            let heldOut = report.heldOutError.map { ", held-out code error \(format($0))" } ?? ""
            context.progress("epoch \(report.epoch)/\(epochs), \(format(report.cropsPerSecond, "%.1f")) crops/s, training loss \(format(report.trainingLoss))\(heldOut)")
        }
    } catch { throw ToolFailure("\(error)") }
    if let curve {
        try curve.sink().write(Array(csv.utf8))
        try curve.finish()
    }
    let heldOutError = try training.heldOutError()
    var attributes: [(String, AttributeValue)] = [
        ("seed", .string(String(seed))), ("epochs", .number(Double(epochs))), ("crop", .number(Double(crop))),
        ("training_loss", .number(training.trainingLoss)),
    ]
    if let after = heldOutError, let before = training.untrainedError {
        attributes += [("holdout_code_error", .number(after)), ("untrained_holdout_code_error", .number(before))]
    }
    let model = ConvolutionalEncoderModel(encoder: training.encoder, lambda: lambda, kernelsFingerprint: kernelsModel.fingerprint, attributes: attributes)
    try context.write(model.frame)
    if context.has(reportFlag) {
        let errors = training.untrainedError.map { before in
            "held-out code error (mean per pixel of 1/2 sum_m (Z - Z*)^2) \(format(before)) untrained (\(depth) ISTA steps) -> \(format(heldOutError ?? .nan)) trained"
        } ?? "training loss \(format(training.trainingLoss))"
        let unconverged = training.unconvergedTargets > 0 ? " (\(training.unconvergedTargets) stopped at --max-iter)" : ""
        context.note("csc-ae-train: depth \(depth), \(kernels.count) kernels \(kernels.channels)x\(kernels.height)x\(kernels.width), lambda \(format(lambda)), \(epochs) epochs of \(training.trainingCrops) crops of \(crop)x\(crop); \(errors); targets \(training.targetIterations) ADMM iterations\(unconverged), \(format(targetsSeconds, "%.2f")) s; \(format(monotonicSeconds() - started, "%.2f")) s in all")
    }
}
