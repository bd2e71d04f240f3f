// patchify: PNG images in, patches out as rows of `data`.
import ImageIO
import TensorCore
import TensorStream
import ToolSupport

let patchSizeOption = SharedOptions.patchSize(default: PatchSize(height: 8, width: 8), help: "patch height and width")
let strideOption = OptionSpec<Int>("stride", value: "S", absent: "the patch size (no overlap)", range: 1...4096, help: "step between grid patches")
let randomOption = OptionSpec<Int>("random", value: "N", range: 1...100_000_000, help: "take N patches per image at uniformly random positions instead of the grid")
let colorFlag = Flag("color", help: "keep RGB channels (3 values per pixel) instead of gray")
let noCenterFlag = Flag("no-center", help: "keep each patch's mean (no dc tensor)")
let batchSizeOption = SharedOptions.batchSize(default: 4096, help: "patches per frame")

let description = ToolDescription(
    name: "patchify",
    usage: "[options] IMAGE... | --files-from LIST",
    summary: "Cut PNG images into patches: one patch per row of data, values in [0, 1].",
    details: """
    Reads every PNG (gray 1-16 bits, gray+alpha, RGB, RGBA, palette, interlaced) as stored:
    v/255, or v/65535 for 16-bit files, with no gamma change (gAMA, sRGB and iCCP are ignored,
    as PIL does). Alpha (and tRNS transparency) is dropped, not composited: a transparent
    pixel keeps its stored colour. Colour is turned to gray with Rec. 601 luma unless --color. A patch row holds height x width
    (x 3 with --color) values in row-major (y, x, channel) order. Each patch's mean (per
    channel) is removed and kept in the tensor dc, its top-left (y, x) in pos, and the image
    size in the attributes, so unpatchify can rebuild the image. The grid covers every pixel:
    when the stride does not land on the border, one more row/column of patches is added at
    the border. Frames hold at most --batch-size patches and never mix images. Memory: one
    image and one frame. IMAGE may be - for a PNG on stdin.
    """,
    options: [patchSizeOption, strideOption, randomOption, SharedOptions.seed, colorFlag, noCenterFlag, batchSizeOption, SharedOptions.filesFrom],
    example: "patchify photo.png --patch-size 8 --stride 4 | tensor-info --summary")

ToolRunner.run(description) { context in
    let arguments = context.arguments
    let size = try context.value(patchSizeOption)
    let step = context.given(strideOption) ?? min(size.height, size.width)
    let randomCount = context.given(randomOption)
    var generator = SeededGenerator(seed: try context.value(SharedOptions.seed))
    let color = context.has(colorFlag)
    let center = !context.has(noCenterFlag)
    let batchSize = try context.value(batchSizeOption)
    guard !arguments.positionals.isEmpty || context.has(SharedOptions.filesFrom) else {
        throw UsageError("no image given (patchify IMAGE..., - for a PNG on stdin, or --files-from LIST)")
    }
    let geometry = try PatchGeometry(height: size.height, width: size.width, stride: step)

    for (index, path) in context.inputPaths.enumerated() {
        let image = try readPNG(path: path, color: color)
        let positions = randomCount.map {
            randomPositions(count: $0, imageHeight: image.height, imageWidth: image.width, geometry: geometry, generator: &generator)
        } ?? gridPositions(imageHeight: image.height, imageWidth: image.width, geometry: geometry)
        guard !positions.isEmpty else {
            throw ToolFailure("\(path): image is \(image.width)x\(image.height) (WxH), smaller than the \(size.height)x\(size.width) patch")
        }
        let channels = image.channels
        let rowLength = geometry.values(channels: channels)
        for start in stride(from: 0, to: positions.count, by: batchSize) {
            let batch = Array(positions[start..<min(positions.count, start + batchSize)])
            var data = extractPatches(from: image, at: batch, height: size.height, width: size.width)
            var frame = Frame()
            let dc = center ? removePatchMeans(&data, rows: batch.count, rowLength: rowLength, channels: channels) : nil
            frame["data"] = Tensor(shape: [batch.count, rowLength], floats: data)
            if let dc { frame["dc"] = Tensor(shape: [batch.count, channels], floats: dc) }
            frame["pos"] = Tensor(shape: [batch.count, 2], ints: batch.flatMap { [Int32($0.y), Int32($0.x)] })
            frame.setAttribute("image", .string(inputName(path)))
            frame.setAttribute("image_index", .number(Double(index)))
            frame.setAttribute("image_height", .number(Double(image.height)))
            frame.setAttribute("image_width", .number(Double(image.width)))
            frame.setAttribute("channels", .number(Double(channels)))
            frame.setAttribute("patch_height", .number(Double(size.height)))
            frame.setAttribute("patch_width", .number(Double(size.width)))
            frame.setAttribute("stride", .number(Double(step)))
            try context.write(frame)
        }
    }
}
