// noise-sigma: the standard deviation of the Gaussian noise in a PNG image, estimated from it.
import ImageIO
import TensorCore
import ToolSupport

let colorFlag = Flag("color", help: "estimate on the RGB channels (pooled) instead of gray")

let description = ToolDescription(
    name: "noise-sigma",
    usage: "[options] IMAGE.png",
    summary: "Print the standard deviation of the image's white Gaussian noise (values in [0, 1]), estimated from the image alone.",
    details: """
    Donoho's rule: sigma = median |HH| / 0.6745, HH the finest diagonal Haar wavelet
    coefficients (a - b - c + d) / 2 of every 2x2 window; the median ignores the photo's edges
    where the mean would not. The image is read as gray (Rec. 601 luma: for noise added to
    each RGB channel, luma keeps 0.67 of its sigma), or with --color as RGB, the three
    channels' coefficients pooled. Textured photos read a little high at low noise. The image
    must be at least 2x2; it may be - for a PNG on stdin. pipelines/denoise.sh uses it when
    --sigma is not given.
    """,
    options: [colorFlag],
    example: "noise-sigma noisy.png",
    writesText: true)

ToolRunner.run(description) { context in
    let paths = context.arguments.positionals
    guard paths.count == 1 else { throw UsageError("give one PNG image") }
    let image = try readPNG(path: paths[0], color: context.has(colorFlag))
    guard image.width >= 2, image.height >= 2 else {
        throw ToolFailure("\(paths[0]) is \(image.width)x\(image.height): the estimate needs at least 2x2 pixels")
    }
    try context.output.sink().write(Array("\(format(estimatedNoiseSigma(image), "%.5f"))\n".utf8))
}
