// csc-learn: learn unit-norm convolution kernels from images, online (one image at a time).
import ConvolutionalCoding
import ImageIO
import ModelFiles
import TensorCore
import TensorStream
import ToolSupport

let countOption = OptionSpec<Int>("kernels", aliases: ["n-components"], value: "N", absent: "the --resume model's; else required",
                                  range: 1...4096, help: "number of kernels to learn")
let sizeOption = OptionSpec<Int>("kernel-size", value: "S", absent: "the --resume model's, else 8", range: 1...256, help: "kernel height and width (S x S)")
let colorFlag = Flag("color", help: "learn colour kernels [N, 3, S, S] from RGB images (PNG read in colour), instead of grey ones")
let lambdaOption = OptionSpec<Double>("lambda", aliases: ["alpha"], value: "L", absent: "the --resume model's, else 0.05",
                                      range: 1e-12...1e30, help: "weight of the l1 penalty on the maps")
let epochsOption = SharedOptions.epochs(default: 1)
let maxIterationsOption = OptionSpec<Int>("max-iter", aliases: ["iters"], value: "K", default: KernelLearnerOptions().encodeIterations,
                                          range: 1...1_000_000, help: "coding (FISTA) iterations per image and step")
let kernelIterationsOption = OptionSpec<Int>("kernel-iter", value: "K", default: KernelLearnerOptions().kernelIterations,
                                             range: 1...1_000_000, help: "projected-gradient iterations of the kernel update per image")
let initOption = OptionSpec<String>("init", value: "NAME", default: "patches", choices: ["patches", "random"],
                                    help: "initial kernels: mean-removed patches of the first image, or Gaussian noise")
let saveEveryOption = OptionSpec<Int>("save-every", value: "N", absent: "never", range: 1...1_000_000_000,
                                      help: "with -o, write the kernels and the learner state every N images (checkpoints, resumable)")
let cropOption = OptionSpec<Int>("crop", value: "S", absent: "whole images", range: 1...65536,
                                 help: "learn from S x S crops of each image (a grid at a random offset, shuffled), one kernel update per crop")
let resumeOption = OptionSpec<String>("resume", value: "FILE", help: "continue learning from a model csc-learn wrote (its kernels and statistics)")
let heldOutOption = OptionSpec<String>("held-out", value: "FILE", repeatable: true,
                                       help: "images (PNG or image stream) kept out of training: their mean energy per pixel is shown after every epoch and stored; repeatable")

let description = ToolDescription(
    name: "csc-learn",
    usage: "--kernels N [--kernel-size S] [options] -o FILE IMAGE...",
    summary: "Learn unit-norm convolution kernels for convolutional sparse coding from images, one image at a time (online).",
    details: """
    Learns kernels K [N, C, S, S] (C = 1, or 3 with --color; each kernel of unit l2 norm over
    C x S x S) minimising, over the training images Y, the mean of

        min over Z:  1/2 ||Y - sum_m K_m * Z_m||^2 + lambda sum_m ||Z_m||_1

    (csc-encode's energy: circular convolution on each image's grid). Online convolutional
    dictionary learning: for each image in turn, code it with the current kernels (--max-iter
    FISTA iterations), add its statistics (the maps' correlations restricted to the kernels'
    support, kernel-sized, not image-sized) to running sums that forget early images, and
    update the kernels by projected gradient (--kernel-iter iterations). Images are streamed:
    each epoch reads them again from their files, in an order shuffled by --seed (files
    shuffled; the frames of one stream file in their order), so memory is one image, its
    maps and transforms, and the (N S^2)^2 statistics, whatever the number of images.
    IMAGE: PNG files (grey, or RGB with --color) or image streams (highpass's output, whose
    channel count must match); high-pass the images first (highpass, SPORCO's practice).
    With --crop S each image is cut into S x S crops (a grid at a random offset each epoch,
    in a random order) and the kernels are updated after each crop: many cheap updates
    instead of a few costly ones (the learner's progress and --save-every count crops).

    Progress on stderr (on a terminal, or with --progress): each image's energy per pixel and
    density; after every epoch a line with the held-out objective (--held-out: the mean energy per pixel of those images with
    the current kernels, coded with 100 FISTA iterations). The output is one frame: data = K,
    kind=csc-kernels, the attributes lambda, kernel_size, epochs (completed, resumed ones
    included), seed, held_out_objective, images_seen, and the learner's statistics, so that
    --resume FILE continues where it stopped. Same images, options and seed: same bytes.
    """,
    options: [countOption, sizeOption, colorFlag, lambdaOption, epochsOption, SharedOptions.seed, maxIterationsOption,
              kernelIterationsOption, initOption, cropOption, saveEveryOption, resumeOption, heldOutOption],
    example: "highpass --lambda 5 a.png b.png > hp.lpt; csc-learn --kernels 16 --kernel-size 8 --epochs 5 -o K.lpt hp.lpt")

/// The images of `paths` as plane stacks, with their names (for held-out sets: read once, kept).
func readImages(_ paths: [String], color: Bool) throws -> [(name: String, image: PlaneStack)] {
    var images: [(String, PlaneStack)] = []
    guard !paths.isEmpty else { return [] }
    try forEachImage(in: paths, color: color) { frame in images.append((frame.imageName, PlaneStack(frame["data"]!))) }
    return images
}

/// Fails unless `image` can be learned from with kernels of `channels` and `size`.
func check(_ image: PlaneStack, name: String, channels: Int, size: Int) throws {
    guard image.planes == channels else {
        throw ToolFailure("\(name): the image has \(image.planes) channel\(image.planes == 1 ? "" : "s") but the kernels have \(channels); \(channels == 3 ? "give colour images" : "give grey images, or --color for colour kernels")")
    }
    guard image.height >= size, image.width >= size else {
        throw ToolFailure("\(name): the image (\(image.height)x\(image.width)) is smaller than the \(size)x\(size) kernels")
    }
}

ToolRunner.run(description) { context in
    let paths = context.arguments.positionals
    guard !paths.isEmpty else { throw UsageError("no training image given (csc-learn ... IMAGE..., PNG files or image streams)") }
    let epochs = try context.value(epochsOption)
    if epochs > 1, let once = paths.first(where: isReadOnce) {
        throw UsageError("\(inputName(once)) can be read only once (a pipe) but --epochs \(epochs) reads every image \(epochs) times; save it to a file first")
    }
    let saveEvery = context.given(saveEveryOption)
    if saveEvery != nil && context.output.path == nil { throw UsageError("--save-every needs -o FILE (checkpoints replace FILE)") }
    let resumed = try context.given(resumeOption).map { try ConvolutionKernelsModel.read(path: $0) }
    let resumedState = try resumed?.learnerState()
    if let resumed, resumedState == nil {
        throw ToolFailure("\(resumed.path) holds kernels but no learner state (it was not written by csc-learn); start afresh, with --init patches")
    }
    let start = resumedState?.kernels
    let count = try context.given(countOption) ?? start?.count ?? { throw UsageError("--kernels N is required (the number of kernels to learn)") }()
    let size = context.given(sizeOption) ?? start?.height ?? 8
    let color = context.has(colorFlag) || start?.channels == 3
    let channels = color ? 3 : 1
    if let start, start.count != count || start.height != size || start.width != size || start.channels != channels {
        throw UsageError("\(resumed!.path) holds \(start.count) kernels of \(start.channels)x\(start.height)x\(start.width), not \(count) of \(channels)x\(size)x\(size); leave out --kernels, --kernel-size and --color to resume it")
    }
    let lambda = try context.given(lambdaOption) ?? resumed?.frame.optionalNumber("lambda", in: 1e-12...1e30, of: resumed!.path) ?? 0.05
    let seed = try context.value(SharedOptions.seed)
    let cropSize = context.given(cropOption)
    if let cropSize, cropSize < size { throw UsageError("--crop \(cropSize) is smaller than the \(size)x\(size) kernels; give --crop \(size) or more") }
    let options = KernelLearnerOptions(lambda: Float(lambda), encodeIterations: try context.value(maxIterationsOption),
                                       kernelIterations: try context.value(kernelIterationsOption))
    let heldOut = try readImages(context.arguments.values(heldOutOption), color: color)
    for (name, image) in heldOut { try check(image, name: name, channels: channels, size: size) }

    // Made from the first training image when the kernels start as its patches (so that a
    // pipe is read once).
    let learner: OnlineKernelLearner? = if let resumedState {
        try OnlineKernelLearner(state: resumedState, options: options)
    } else if try context.value(initOption) == "random" {
        try OnlineKernelLearner(kernels: .random(count: count, channels: channels, height: size, width: size, seed: seed), options: options)
    } else {
        nil
    }
    let run = KernelTrainingRun(learner: learner, count: count, size: size, cropSize: cropSize, options: options, seed: seed)

    let previousEpochs = try resumed?.frame.optionalNumber("epochs", in: 0...1e9, of: resumed!.path) ?? 0
    var heldOutObjective: Double?
    func model(epochsDone: Double) -> Frame {
        var attributes: [(String, AttributeValue)] = [
            ("lambda", .number(lambda)), ("kernel_size", .number(Double(size))), ("epochs", .number(previousEpochs + epochsDone)),
            ("seed", .number(Double(seed))), ("coding_iterations", .number(Double(options.encodeIterations))),
            ("kernel_iterations", .number(Double(options.kernelIterations)))]
        if let heldOutObjective { attributes.append(("held_out_objective", .number(heldOutObjective))) }
        return ConvolutionKernelsModel.frame(kernels: run.learner!.kernels, attributes: attributes, state: run.learner!.state)
    }

    let started = monotonicSeconds()
    for epoch in 1...epochs {
        let (energy, images) = try run.epoch(sources: paths.count, read: { index, deliver in
            try forEachImage(in: [paths[index]], color: color) { frame in
                let image = PlaneStack(frame["data"]!)
                try check(image, name: frame.imageName, channels: channels, size: size)
                try deliver(image, frame.imageName)
            }
        }, stepped: { step, name, number in
            context.progress("epoch \(epoch) of \(epochs), \(cropSize == nil ? "image" : "crop") \(number) (\(name)): energy per pixel \(format(step.energyPerPixel)), density \(format(100 * step.density, "%.2f"))%")
            if let saveEvery, run.steps % saveEvery == 0 {
                let checkpoint = try OutputTarget.file(context.output.path!)
                try checkpoint.frames().write(model(epochsDone: Double(epoch - 1)))
                try checkpoint.commit()
            }
        })
        if !heldOut.isEmpty { heldOutObjective = try run.learner!.heldOutObjective(heldOut.map(\.image)) }
        let heldOutText = heldOutObjective.map { ", held-out objective \(format($0)) per pixel" } ?? ""
        // A line that stays (over the last progress line), when progress is shown.
        if context.showsProgress { context.note("\rcsc-learn: epoch \(epoch) of \(epochs): \(images) \(cropSize == nil ? "images" : "crops"), mean training energy \(format(energy / Double(max(1, images)))) per pixel\(heldOutText), \(format(monotonicSeconds() - started, "%.1f")) s\u{1B}[K") }
    }
    try context.write(model(epochsDone: Double(epochs)))
}
