// csc-encode --encoder: feature maps predicted by a trained convolutional encoder (csc-ae-train)
// instead of solved for.
import ConvolutionalCoding
import ImageIO
import ModelFiles
import TensorCore
import ToolSupport

/// Codes every image with the trained encoder of `encoderPath` (checked against the kernels),
/// each image's and the run's energy and non-zeros on stderr when `reports`.
func encodeWithEncoder(_ encoderPath: String, kernels model: ConvolutionKernelsModel, reports: Bool, context: ToolContext) throws {
    let trained = try ConvolutionalEncoderModel.read(path: encoderPath)
    guard trained.fits(model) else {
        throw ToolFailure("\(inputName(encoderPath)) was trained for other kernels than \(model.path) (fingerprint \(trained.kernelsFingerprint ?? "none") vs \(model.fingerprint)); train one for them with csc-ae-train --kernels \(model.path)")
    }
    let (started, depth) = (monotonicSeconds(), trained.encoder.depth)
    var (totals, images) = (CSCCodingSummary(lambda: trained.lambda), 0)
    try forEachImage(in: context.inputPaths, color: model.kernels.channels == 3) { frame in
        let image = PlaneStack(frame["data"]!)
        try model.requireCodable(image, name: frame.imageName)
        let encodeStarted = monotonicSeconds()
        let maps: PlaneStack
        do { maps = try trained.encoder.encode(image) } catch { throw ToolFailure("\(frame.imageName): \(error)") }
        let seconds = monotonicSeconds() - encodeStarted
        var out = frame
        out["data"] = Tensor(shape: [maps.planes, maps.height, maps.width], floats: maps.values)
        out.setAttribute("lambda", .number(trained.lambda))
        try context.write(out)
        images += 1
        if reports {
            let summary = try CSCCodingSummary(predicted: maps, of: image, kernels: model.kernels, lambda: trained.lambda)
            totals.add(summary)
            context.note("csc-encode: \(frame.imageName): \(summary.imageTerms), encoder depth \(depth), encoded in \(format(seconds, "%.4f")) s")
        }
        context.progress("\(images) images, \(format(monotonicSeconds() - started, "%.1f")) s")
    }
    if reports {
        let k = model.kernels
        context.note("csc-encode: \(images) images, \(k.count) kernels \(k.channels)x\(k.height)x\(k.width), lambda \(format(trained.lambda)), encoder depth \(depth); \(totals.totalTerms), \(format(monotonicSeconds() - started, "%.3f")) s")
    }
}
