// montage: rows of a tensor (dictionary atoms, patches) drawn as a grid of tiles.
import ImageIO
import TensorCore
import TensorStream
import ToolSupport

let columnsOption = OptionSpec<Int>("cols", value: "C", absent: "about the square root of the tile count", range: 1...4096, help: "tiles per grid row")
let tileSize = OptionSpec<PatchSize>("tile", value: "HxW", absent: "from the attributes", help: "tile size in pixels")
let padOption = OptionSpec<Int>("pad", value: "P", default: 1, range: 0...64, help: "black pixels between tiles and around the grid")
let scaleOption = OptionSpec<Int>("scale", value: "S", default: 1, range: 1...64, help: "enlarge each tile pixel to SxS")
let maxTilesOption = OptionSpec<Int>("max-tiles", value: "N", default: 4096, range: 1...1_000_000, help: "draw at most the first N rows")

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
    options: [columnsOption, tileSize, padOption, scaleOption, maxTilesOption, SharedOptions.pngDepth],
    example: "montage samples/dct-8x8-256.lpt --scale 4 -o atoms.png")

ToolRunner.run(description) { context in
    let columns = context.given(columnsOption)
    let pad = try context.value(padOption)
    let scale = try context.value(scaleOption)
    let maxTiles = try context.value(maxTilesOption)
    var tile = context.given(tileSize).map { (height: $0.height, width: $0.width) }
    let depth: PNGBitDepth = try context.value(SharedOptions.pngDepth) == "16" ? .sixteen : .eight
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
