// unpatchify: patches (with pos and dc) back into a PNG image.
import ImageIO
import TensorCore
import TensorStream
import ToolSupport

let blendOption = OptionSpec<String>(
    "blend", value: "FILE.png",
    help: "blend with this image (the noisy one the patches came from): each pixel (λ·pixel + Σ patches) / (λ + patches covering it), λ = --weight; uncovered pixels keep its value")
let weightOption = OptionSpec<Double>(
    "weight", value: "L", absent: "none; required with --blend", range: 0...1e9,
    help: "λ, the blended image's weight against one patch (K-SVD denoising: 30 / (255 sigma))")

let description = ToolDescription(
    name: "unpatchify",
    usage: "[options] [INPUT...]",
    summary: "Rebuild a PNG image (8-bit, or 16-bit with --depth 16) from a patch stream made by patchify.",
    details: """
    Adds each patch's dc back, places it at pos and averages where patches overlap; pixels no
    patch covers stay black. Needs the attributes patchify writes (image size, channels, patch
    size). Memory: the image's sums and counts, and one frame. The stream must hold patches of
    one image. With --blend NOISY.png --weight L, each pixel is instead the weighted mean of
    NOISY's pixel (weight L) and the patches covering it (weight 1 each), the closing step of
    K-SVD denoising (Elad & Aharon 2006); NOISY is read as gray, or RGB for 3-channel patches.
    """,
    options: [SharedOptions.pngDepth, blendOption, weightOption],
    example: "patchify photo.png --stride 4 | unpatchify -o same.png")

ToolRunner.run(description) { context in
    let depth: PNGBitDepth = try context.value(SharedOptions.pngDepth) == "16" ? .sixteen : .eight
    let blendPath = context.given(blendOption), weight = context.given(weightOption)
    guard (blendPath == nil) == (weight == nil) else {
        throw UsageError(blendPath == nil ? "--weight is the weight of the --blend image: give --blend FILE.png too"
                                          : "--blend needs --weight L, the blended image's weight against one patch")
    }
    var assembler: PatchAssembler?
    var observed: Image?
    var imageIndex: Double?
    try context.forEachFrame { frame in
        let height = try frame.requiredInt("image_height", purpose: "to know the image size")
        let width = try frame.requiredInt("image_width", purpose: "to know the image size")
        let channels = try frame.requiredInt("channels", in: 1...3, purpose: "to know the colour channels")
        let patchHeight = try frame.requiredInt("patch_height", purpose: "to know the patch size")
        let patchWidth = try frame.requiredInt("patch_width", purpose: "to know the patch size")
        guard channels == 1 || channels == 3 else { throw ToolFailure("channels must be 1 or 3, not \(channels)") }
        guard height * width <= pngMaxPixels else { throw ToolFailure("image of \(width)x\(height) pixels is too large") }
        let index = frame.attribute("image_index")?.number ?? 0
        if let imageIndex, imageIndex != index {
            throw ToolFailure("the stream holds patches of more than one image; unpatchify rebuilds one (patchify one image at a time)")
        }
        imageIndex = index
        let data = try frame.dataMatrix()
        let values = patchHeight * patchWidth * channels
        guard data.rowLength == values else {
            throw ToolFailure("data rows have \(data.rowLength) values but \(patchHeight)x\(patchWidth)x\(channels) patches need \(values) (codes? run sparse-reconstruct first)")
        }
        guard let pos = frame["pos"], pos.shape == [data.rows, 2] else {
            throw ToolFailure("input has no pos tensor [\(data.rows), 2] with the patch positions")
        }
        try data.requireFinite("data")
        if assembler == nil {
            assembler = PatchAssembler(height: height, width: width, channels: channels, patchHeight: patchHeight, patchWidth: patchWidth)
            if let blendPath {
                let blended = try readPNG(path: blendPath, color: channels == 3)
                guard blended.width == width, blended.height == height else {
                    throw ToolFailure("--blend \(blendPath) is \(blended.width)x\(blended.height) but the patches come from a \(width)x\(height) image")
                }
                observed = blended
            }
        }
        guard assembler!.height == height, assembler!.width == width, assembler!.channels == channels,
              assembler!.patchHeight == patchHeight, assembler!.patchWidth == patchWidth else {
            throw ToolFailure("frames disagree about the image or patch size")
        }
        var rows = data.floats
        if let dc = frame["dc"] {
            guard dc.count == data.rows * channels else {
                throw ToolFailure("dc has \(dc.count) values, expected \(data.rows * channels) (one per patch and channel)")
            }
            addPatchMeans(dc.floats, to: &rows, rows: data.rows, rowLength: values, channels: channels)
        }
        let places = try pos.exactInts("pos")
        for row in 0..<data.rows {
            let y = places[2 * row], x = places[2 * row + 1]
            guard y >= 0, x >= 0, y <= height - patchHeight, x <= width - patchWidth else {
                throw ToolFailure("patch \(row) at (\(y), \(x)) lies outside the \(width)x\(height) image")
            }
            assembler!.add(rows[(row * values)..<((row + 1) * values)], at: PatchPosition(y: y, x: x))
        }
    }
    let image: Image
    if let observed, let weight {
        image = assembler!.image(blendedWith: observed, weight: weight)
    } else {
        if assembler!.uncoveredPixels > 0 {
            context.note("unpatchify: \(assembler!.uncoveredPixels) pixels are covered by no patch and left black")
        }
        image = assembler!.image()
    }
    try context.output.sink().write(try encodePNG(image, depth: depth, name: context.output.path ?? "stdout"))
}
