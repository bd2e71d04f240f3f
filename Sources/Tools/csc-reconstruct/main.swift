// csc-reconstruct: feature maps back to images, sum of K * Z plus the low-pass part when the frame carries it.
import ConvolutionalCoding
import ImageIO
import ModelFiles
import TensorCore
import TensorStream
import ToolSupport

let kernelsOption = OptionSpec<String>("kernels", value: "FILE", required: "the kernels the maps were made with",
                                       help: "convolution kernels [M, C, S1, S2] the maps were made with; required")
let pngFlag = Flag("png", absent: "PNG when -o ends in .png, else an image stream", help: "write a PNG (one image) instead of an image stream")
let noLowpassFlag = Flag("no-lowpass", help: "leave out the frame's lowpass: the high-pass part alone (for a PNG, shifted by 0.5 so it shows)")

let description = ToolDescription(
    name: "csc-reconstruct",
    usage: "--kernels FILE [options] [MAPS...]",
    summary: "Rebuild images from convolutional feature maps: sum_m K_m * Z_m, plus the low-pass part the frame carries.",
    details: """
    For each frame of maps Z f32 [M, H, W] (csc-encode's output) and the kernels K
    [M, C, S1, S2] they were made with, the image is sum_m K_m * Z_m [C, H, W] (circular
    convolution, as csc-encode's), plus the frame's lowpass [C, H, W] when it has one
    (highpass's), so the photo comes back. The output is an image stream (data [C, H, W],
    the lowpass tensor and the lambda attribute dropped, every other tensor and attribute
    passed through), or a PNG (8-bit unless --depth 16; values clamped to [0, 1]) with
    --png or -o FILE.png, which holds one image. Memory: the kernels' spectra and one frame
    of maps with its transforms.
    """,
    options: [kernelsOption, pngFlag, noLowpassFlag, SharedOptions.pngDepth],
    example: "csc-encode --kernels K.lpt hp.lpt | csc-reconstruct --kernels K.lpt -o photo.png")

ToolRunner.run(description) { context in
    let model = try ConvolutionKernelsModel.read(path: try context.value(kernelsOption))
    let kernels = model.kernels
    let writesPNG = context.has(pngFlag) || (context.output.path?.lowercased().hasSuffix(".png") ?? false)
    let depth: PNGBitDepth = try context.value(SharedOptions.pngDepth) == "16" ? .sixteen : .eight
    let withLowpass = !context.has(noLowpassFlag)
    var encoder: CSCEncoder?
    var frames = 0
    try context.forEachFrame { frame in
        guard let data = frame["data"] else { throw ToolFailure("input frame \(frames) has no 'data' tensor; give feature maps from csc-encode") }
        guard data.rank == 3, data.dtype == .f32 else {
            throw ToolFailure("input frame \(frames): 'data' is \(data.dtype) \(data.shapeDescription), not feature maps f32 [maps, height, width] (from csc-encode)")
        }
        let (count, height, width) = (data.shape[0], data.shape[1], data.shape[2])
        guard count == kernels.count else {
            throw ToolFailure("input frame \(frames) holds \(count) maps but \(model.path) has \(kernels.count) kernels; use the kernels the maps were made with")
        }
        guard height >= kernels.height, width >= kernels.width else {
            throw ToolFailure("input frame \(frames): maps of \(height)x\(width) are smaller than the \(kernels.height)x\(kernels.width) kernels of \(model.path); use the kernels the maps were made with")
        }
        try data.requireFinite("input frame \(frames): the maps")
        if writesPNG && frames > 0 { throw ToolFailure("the input holds more than one frame of maps but a PNG holds one image; write an image stream instead (no --png)") }
        if encoder == nil { encoder = try CSCEncoder(kernels: kernels) }
        let op = try encoder!.convolutionOperator(height: height, width: width)
        var image = op.reconstruct(PlaneStack(data))
        let imageShape = [kernels.channels, height, width]
        if withLowpass, let lowpass = frame["lowpass"] {
            guard lowpass.shape == imageShape, lowpass.dtype == .f32 else {
                throw ToolFailure("input frame \(frames): 'lowpass' is \(lowpass.dtype) \(lowpass.shapeDescription) but the kernels rebuild images \(imageShape.map(String.init).joined(separator: "x")); the maps do not belong to these kernels")
            }
            try lowpass.requireFinite("input frame \(frames): the lowpass")
            for (index, value) in lowpass.floats.enumerated() { image.values[index] += value }
        } else if writesPNG && frame["lowpass"] != nil {
            for index in image.values.indices { image.values[index] += 0.5 }
        }
        frames += 1
        if writesPNG {
            let picture = Image(planes: image.values, channels: kernels.channels, height: height, width: width)
            try context.output.sink().write(try encodePNG(picture, depth: depth, name: context.output.path ?? "stdout"))
        } else {
            var out = frame
            out["data"] = Tensor(shape: imageShape, floats: image.values)
            out["lowpass"] = nil
            out.setAttribute("lambda", nil)
            try context.write(out)
        }
    }
}
