// psnr: peak signal-to-noise ratio between two PNG images (like netpbm's pnmpsnr).
import ImageIO
import TensorCore
import ToolSupport

let colorFlag = Flag("color", help: "compare RGB channels instead of gray")

let description = ToolDescription(
    name: "psnr",
    usage: "[options] REFERENCE.png IMAGE.png",
    summary: "Print the PSNR in dB of IMAGE against REFERENCE: 10 log10(1 / mean squared error), values in [0, 1].",
    details: """
    Both images are read as gray (Rec. 601 luma), or as RGB with --color, and must have the
    same size. Identical images print inf. Either image (not both) may be - for a PNG on stdin.
    """,
    options: [colorFlag],
    example: "psnr samples/camera.png reconstruction.png",
    writesText: true)

ToolRunner.run(description) { context in
    let paths = context.arguments.positionals
    guard paths.count == 2 else { throw UsageError("give two PNG images: REFERENCE IMAGE") }
    guard paths != ["-", "-"] else { throw UsageError("only one of the two images can be - (stdin)") }
    let reference = try readPNG(path: paths[0], color: context.has(colorFlag))
    let image = try readPNG(path: paths[1], color: context.has(colorFlag))
    guard reference.width == image.width, reference.height == image.height else {
        throw ToolFailure("\(paths[0]) is \(reference.width)x\(reference.height) but \(paths[1]) is \(image.width)x\(image.height)")
    }
    let decibels = peakSignalToNoiseRatio(image, reference: reference)
    let text = decibels.isInfinite ? "inf" : format(decibels, "%.2f")
    try context.output.sink().write(Array("\(text)\n".utf8))
}
