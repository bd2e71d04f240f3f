// montage: rows of a tensor (dictionary atoms, patches) drawn as a grid of tiles.
import ImageIO
import TensorCore
import TensorStream
import ToolSupport

let description = ToolDescription(
    name: "montage",
    usage: "[options] [INPUT...]",
    summary: "Draw the rows of data (dictionary atoms, patches) as a grid of tiles in a PNG.",
    details: """
    Each row is one tile of HxW pixels (x 3 values per pixel for colour), stretched on its own
    symmetrically around zero: mid-grey is 0, white and black are +/- the tile's largest
    magnitude. The tile size comes from --tile, else the patch_height/patch_width attributes,
    else a square root of the row length. Holds the rows it draws (at most --max-tiles).
    """,
    options: [
        Option("cols", value: "C", default: "about the square root of the tile count", help: "tiles per grid row"),
        Option("tile", value: "HxW", default: "from the attributes", help: "tile size in pixels"),
        Option("pad", value: "P", default: "1", help: "black pixels between tiles and around the grid"),
        Option("scale", value: "S", default: "1", help: "enlarge each tile pixel to SxS"),
        Option("max-tiles", value: "N", default: "4096", help: "draw at most the first N rows"),
        Option("depth", value: "8|16", default: "8", help: "bits per PNG sample; 16 keeps the values to 1/65535, for measuring"),
    ],
    example: "montage samples/dct-8x8-256.lpt --scale 4 -o atoms.png")

ToolRunner.run(description) { context in
    let arguments = context.arguments
    let columns = arguments.has("cols") ? try arguments.int("cols", default: 1, in: 1...4096) : nil
    let pad = try arguments.int("pad", default: 1, in: 0...64)
    let scale = try arguments.int("scale", default: 1, in: 1...64)
    let maxTiles = try arguments.int("max-tiles", default: 4096, in: 1...1_000_000)
    var tile = try arguments.size("tile")
    let depth: PNGBitDepth = try arguments.choice("depth", default: "8", among: ["8", "16"]) == "16" ? .sixteen : .eight
    var rowLength = 0
    var values: [Float] = []
    var count = 0
    try context.forEachFrame { frame in
        let data = try frame.dataMatrix()
        if count == 0 {
            rowLength = data.rowLength
            if tile == nil, let h = frame.attribute("patch_height")?.number, let w = frame.attribute("patch_width")?.number,
               h >= 1, w >= 1, h <= 4096, w <= 4096 {
                tile = (Int(h), Int(w))
            }
        }
        guard data.rowLength == rowLength else {
            throw ToolFailure("rows change length between frames (\(rowLength) then \(data.rowLength))")
        }
        try data.requireFinite("data")
        let take = min(data.rows, maxTiles - count)
        guard take > 0 else { return }
        values += data.floats.prefix(take * rowLength)
        count += take
    }
    guard count > 0, rowLength > 0 else { throw ToolFailure("no rows to draw") }
    if tile == nil {
        for channels in [1, 3] {
            let side = Int(Double(rowLength / channels).squareRoot().rounded())
            if side * side * channels == rowLength { tile = (side, side); break }
        }
    }
    guard let (height, width) = tile else {
        throw ToolFailure("cannot tell the tile size of rows of \(rowLength) values; give --tile HxW")
    }
    let channels = rowLength / (height * width)
    guard channels * height * width == rowLength, channels == 1 || channels == 3 else {
        throw ToolFailure("rows of \(rowLength) values are not \(height)x\(width) tiles of 1 or 3 channels; give --tile HxW")
    }
    let image = montage(tiles: values, count: count, tileHeight: height, tileWidth: width, channels: channels,
                        columns: columns, pad: pad, scale: scale)
    guard image.width * image.height <= pngMaxPixels else { throw ToolFailure("the montage would be too large; use fewer tiles or a smaller scale") }
    try context.output.sink().write(try encodePNG(image, depth: depth, name: context.output.path ?? "stdout"))
}
