// csc-encode: feature maps of whole images against convolution kernels (convolutional sparse coding).
import ConvolutionalCoding
import ImageIO
import ModelFiles
import TensorCore
import TensorStream
import ToolSupport

let kernelsOption = OptionSpec<String>("kernels", value: "FILE", required: "the convolution kernels (csc-learn -o FILE)",
                                       help: "convolution kernels [M, C, S1, S2] (csc-learn); required")
let lambdaOption = OptionSpec<Double>("lambda", aliases: ["alpha"], value: "L", absent: "the kernels' lambda attribute, else 0.05",
                                      range: 1e-12...1e30, help: "weight of the l1 penalty on the maps")
let maxIterationsOption = OptionSpec<Int>("max-iter", aliases: ["iters"], value: "K", default: 200, range: 1...10_000_000,
                                          help: "most solver iterations per image (per tile)")
let toleranceOption = OptionSpec<Double>("tol", value: "T", default: 1e-3, range: 1e-12...1,
                                         help: "relative change of the maps (fista) or relative residuals (admm) that ends the iterations")
let algorithmOption = SharedOptions.algorithm(choices: ["auto"] + CSCAlgorithm.allCases.map(\.rawValue),
                                              help: "auto (= \(CSCEncoderOptions().algorithm.rawValue)), fista (FFT gradient, adaptive restart) or admm (SPORCO's ConvBPDN)")
let targetOption = OptionSpec<Double>("target-energy", value: "E", absent: "none", range: -1e300...1e300,
                                      help: "stop an image as soon as its energy is at most E (time-to-objective benchmarks)")
let tileOption = OptionSpec<Int>("tile", value: "N", absent: "whole images up to 1 Mpixel, tiles of 512 above", range: 16...65_536,
                                 help: "encode in N x N tiles in raster order, each fitting what the maps kept before it leave")
let reportFlag = Flag("report", help: "print the energy, the non-zeros and the iterations per image and in all on stderr")
let encoderOption = OptionSpec<String>("encoder", value: "FILE", help: "predict the maps with a trained convolutional encoder (csc-ae-train, for these kernels) instead of solving")

let description = ToolDescription(
    name: "csc-encode",
    usage: "--kernels FILE [options] [IMAGE...]  |  --kernels FILE --encoder FILE [--report] [IMAGE...]",
    summary: "Convolutional sparse coding: the feature maps of whole images against convolution kernels.",
    details: """
    For each image Y [C, H, W] and the kernels K [M, C, S1, S2], finds maps Z [M, H, W] minimising

        1/2 ||Y - sum_m K_m * Z_m||^2 + lambda sum_m ||Z_m||_1

    (SPORCO's ConvBPDN energy; sums over all pixels and channels; for colour kernels the
    maps are single-channel, s_c = sum_m K_{c,m} * Z_m). Convolution is circular on the
    image's H x W grid with the kernel's origin at its (0, 0) corner, as SPORCO's; high-pass
    the images first (highpass) so the wrap-around edge matters little. The output frame is
    the input frame with data = Z f32 [M, H, W] and the attribute lambda; every other tensor
    (lowpass) and attribute passes through, so csc-reconstruct can rebuild the photo.

    IMAGE: PNG files (recognised by their signature; read in colour when the kernels have 3
    channels, else Rec. 601 grey) or a stream of image frames data [C, H, W] (highpass's
    output), whose C must be the kernels'; none or - reads stdin. Both cores are used.

    Memory: images up to 1 Mpixel are coded whole: the image, the maps and the solver's
    arrays and spectra (a few times M x H x W floats). Larger images (or any with --tile) are
    coded block by block in raster order (bands top to bottom, tiles left to right), in N x N
    tiles (N = 512 by default, at least 8 kernel sizes): a tile keeps the maps of its interior
    and drops those of a look-ahead margin of 4 kernel sizes below and to its right; the image
    that the maps already kept synthesise is subtracted from the tile before it is solved, and
    maps whose footprint would cross the tile's wrap-around are held at zero. So sum K * Z of
    the written maps, circular on the whole image as csc-reconstruct computes it, is exactly
    what the tiles fitted, and --report states the energy of those maps on the whole image.
    Only the image's edge differs from coding it whole: the last S1 - 1 rows (S2 - 1 columns)
    of maps are zero when the image is tiled in height (width), nothing wraps around, and the
    pixels near the edge are reached by fewer maps (a 96 x 128 high-passed crop, 4 kernels,
    lambda 0.05: energy 4% above the whole image's, as for the whole image coded without the
    wrap; the seams themselves cost < 0.1%). Held: the image, one tile's solver, one band of
    maps and S1 - 1 rows of the band before; the maps are written to a temporary file at their
    place and streamed into the output frame, never held whole (16 maps of a 4000 x 3000 image
    are 768 MB; that encoding, 16 8x8 kernels, peaks at 373 MB resident).

    With --encoder FILE (made by csc-ae-train for these kernels: its fingerprint is checked)
    the maps come from the trained encoder in its K steps instead of the solver: same output
    frame, with the encoder's lambda; the solver's options do not apply, images are coded
    whole (the maps and K + 1 stacks of them in memory), and --report states the energy of
    the predicted maps.
    """,
    options: [kernelsOption, lambdaOption, maxIterationsOption, toleranceOption, algorithmOption, targetOption, tileOption, encoderOption, reportFlag],
    example: "highpass photo.png | csc-encode --kernels K.lpt --lambda 0.05 --report > maps.lpt")

/// Encodes `frame`'s image whole and writes the maps frame.
func encodeWhole(_ image: PlaneStack, frame: Frame, lambda: Double, encoder: CSCEncoder, context: ToolContext) throws -> CSCCodingSummary {
    let result = try encoder.encode(image)
    var out = frame
    out["data"] = Tensor(shape: [result.maps.planes, result.maps.height, result.maps.width], floats: result.maps.values)
    out.setAttribute("lambda", .number(lambda))
    try context.write(out)
    return CSCCodingSummary(result)
}

/// Encodes `frame`'s image in tiles, the maps bands going to a temporary file that is then
/// streamed into the output frame.
func encodeTiled(_ image: PlaneStack, frame: Frame, tileSize: Int, lambda: Double, encoder: CSCEncoder, context: ToolContext) throws -> CSCCodingSummary {
    let maps = encoder.kernels.count
    let shape = [maps, image.height, image.width]
    let payload = try PayloadFile(byteCount: UInt64(maps * image.height * image.width) * 4)
    let summary = try encoder.encodeInTiles(image, tileSize: tileSize) { band in
        try band.maps.values.withUnsafeBufferPointer { values in
            for m in 0..<maps {
                let rows = band.maps.height * image.width
                try payload.write(UnsafeBufferPointer(rebasing: values[(m * rows)..<((m + 1) * rows)]),
                                  atElement: (m * image.height + band.firstRow) * image.width)
            }
        }
        context.progress("\(frame.imageName): rows \(band.firstRow + band.maps.height) of \(image.height)")
    }
    var out = frame
    out["data"] = nil
    out.setAttribute("lambda", .number(lambda))
    try context.output.frames().write(out, streaming: payload.streamedTensor(name: "data", dtype: .f32, shape: shape))
    return CSCCodingSummary(summary, coefficients: shape.reduce(1, *))
}

ToolRunner.run(description) { context in
    let model = try ConvolutionKernelsModel.read(path: try context.value(kernelsOption))
    if let encoderPath = context.given(encoderOption) {
        let solverOptions: [any DeclaredOption] = [lambdaOption, maxIterationsOption, toleranceOption, algorithmOption, targetOption, tileOption]
        if let given = solverOptions.first(where: { context.has($0) }) {
            throw UsageError("--\(given.option.name) does not apply with --encoder (the encoder was trained for its lambda and steps)")
        }
        return try encodeWithEncoder(encoderPath, kernels: model, reports: context.has(reportFlag), context: context)
    }
    let kernels = model.kernels
    let lambda = try context.given(lambdaOption) ?? model.frame.optionalNumber("lambda", in: 1e-12...1e30, of: model.path) ?? 0.05
    let algorithmName = try context.value(algorithmOption)
    let options = CSCEncoderOptions(
        lambda: Float(lambda), maxIterations: try context.value(maxIterationsOption), tolerance: Float(try context.value(toleranceOption)),
        algorithm: algorithmName == "auto" ? CSCEncoderOptions().algorithm : CSCAlgorithm(rawValue: algorithmName)!,
        targetEnergy: context.given(targetOption))
    let encoder: CSCEncoder
    do { encoder = try CSCEncoder(kernels: kernels, options: options) } catch { throw UsageError("\(error)") }
    let tileSize = context.given(tileOption)
    let started = monotonicSeconds()
    var totals = CSCCodingSummary(lambda: lambda)
    var images = 0
    try forEachImage(in: context.inputPaths, color: kernels.channels == 3) { frame in
        let image = PlaneStack(frame["data"]!)
        let name = frame.imageName
        try model.requireCodable(image, name: name)
        let tiled = tileSize != nil || CSCEncoder.needsTiles(height: image.height, width: image.width)
        let summary = tiled
            ? try encodeTiled(image, frame: frame, tileSize: tileSize ?? 512, lambda: lambda, encoder: encoder, context: context)
            : try encodeWhole(image, frame: frame, lambda: lambda, encoder: encoder, context: context)
        images += 1
        totals.add(summary)
        if context.has(reportFlag) {
            let tiles = tiled ? ", \(summary.tiles) tiles (most iterations of a tile \(summary.iterations), \(summary.unconverged) stopped at --max-iter)" : ", \(summary.iterations) iterations\(summary.unconverged > 0 ? " (stopped at --max-iter)" : "")"
            context.note("csc-encode: \(name): \(summary.imageTerms)\(tiles)")
        }
        context.progress("\(images) images, \(format(monotonicSeconds() - started, "%.1f")) s")
    }
    if context.has(reportFlag) {
        context.note("csc-encode: \(images) images, \(kernels.count) kernels \(kernels.channels)x\(kernels.height)x\(kernels.width), lambda \(format(lambda)), \(options.algorithm.rawValue); \(totals.totalTerms), \(totals.iterations) iterations, \(format(monotonicSeconds() - started, "%.3f")) s")
    }
}
