// unpatchify: patches (with pos and dc) back into a PNG image.
import ImageIO
import TensorCore
import TensorStream
import ToolSupport

let description = ToolDescription(
    name: "unpatchify",
    usage: "[options] [INPUT...]",
    summary: "Rebuild a PNG image (8-bit, or 16-bit with --depth 16) from a patch stream made by patchify.",
    details: """
    Adds each patch's dc back, places it at pos and averages where patches overlap; pixels no
    patch covers stay black. Needs the attributes patchify writes (image size, channels, patch
    size). Memory: the image's sums and counts, and one frame. The stream must hold patches of
    one image.
    """,
    options: [SharedOptions.pngDepth],
    example: "patchify photo.png --stride 4 | unpatchify -o same.png")

ToolRunner.run(description) { context in
    let depth: PNGBitDepth = try context.value(SharedOptions.pngDepth) == "16" ? .sixteen : .eight
    var assembler: PatchAssembler?
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
    let image = assembler!.image()
    if assembler!.uncoveredPixels > 0 {
        context.note("unpatchify: \(assembler!.uncoveredPixels) pixels are covered by no patch and left black")
    }
    try context.output.sink().write(try encodePNG(image, depth: depth, name: context.output.path ?? "stdout"))
}
