// highpass: split images into a high-pass part (data) and the low-pass part (lowpass), SPORCO's CSC preprocessing.
import ConvolutionalCoding
import ImageIO
import TensorCore
import TensorStream
import ToolSupport

let lambdaOption = OptionSpec<Double>(
    "lambda", value: "L", default: 5, help: "weight of the gradient penalty: larger keeps less in the high-pass part (SPORCO's fltlmbd)",
    accepted: "finite and > 0", outOfRange: ["0", "-1", "nan", "inf"], accepts: { $0 > 0 && $0.isFinite && $0 <= 1e12 })
let padOption = OptionSpec<Int>("pad", value: "N", default: 16, range: 0...4096, help: "samples of symmetric padding on every side (SPORCO's npd)")
let colorFlag = Flag("color", help: "read PNG files in RGB (3 planes) instead of Rec. 601 grey")

let description = ToolDescription(
    name: "highpass",
    usage: "[options] [IMAGE...]",
    summary: "Split images into a high-pass part (data) and a low-pass part (lowpass), as SPORCO's examples do before convolutional sparse coding.",
    details: """
    For each image plane s, the low-pass part l minimises

        1/2 ||l - s||^2 + lambda/2 (||Gx l||^2 + ||Gy l||^2)

    (Gx, Gy: forward differences), SPORCO's signal.tikhonov_filter(s, lambda, npd): solved
    exactly in the DFT domain after padding s symmetrically by --pad samples on each side,
    then cropped back. The output frame holds data = s - l and lowpass = l, both
    f32 [channels, height, width], so data + lowpass is the image again (csc-reconstruct adds
    lowpass back); every other attribute passes through. The default lambda 5 is the one of
    SPORCO's dictionary-learning examples (its encoding examples use 10): it leaves the
    edges and texture in data and moves the slow shading, which sparse kernels code poorly,
    to lowpass.

    IMAGE: PNG files (recognised by their signature; grey unless --color) or a stream of image
    frames data [channels, height, width]; none or - reads stdin. Memory: one image, its
    padded plane and that plane's half spectrum.
    """,
    options: [lambdaOption, padOption, colorFlag],
    example: "highpass photo.png --lambda 5 | csc-encode --kernels K.lpt > maps.lpt")

ToolRunner.run(description) { context in
    let filter = TikhonovLowPass(lambda: try context.value(lambdaOption), padding: try context.value(padOption))
    try forEachImage(in: context.inputPaths, color: context.has(colorFlag)) { image in
        let data = image["data"]!
        let (height, width) = (data.shape[1], data.shape[2])
        let samples = data.floats
        let low = filter.lowPass(samples, height: height, width: width)
        var out = image
        out["data"] = Tensor(shape: data.shape, floats: zip(samples, low).map { $0 - $1 })
        // A frame high-passed before keeps its photo: the new low-pass part joins the old one.
        let previous = image["lowpass"]?.floats ?? [Float](repeating: 0, count: low.count)
        out["lowpass"] = Tensor(shape: data.shape, floats: zip(previous, low).map { $0 + $1 })
        out.setAttribute("highpass_lambda", .number(filter.lambda))
        out.setAttribute("highpass_pad", .number(Double(filter.padding)))
        try context.write(out)
    }
}
