// montage: rows of a tensor (dictionary atoms, patches, a DAE's or RBM's filters), convolution kernels or feature maps drawn as a grid of tiles.
import ImageIO
import ModelFiles
import TensorCore
import TensorStream
import ToolSupport

let columnsOption = OptionSpec<Int>("cols", value: "C", absent: "about the square root of the tile count", range: 1...4096, help: "tiles per grid row")
let tileSize = OptionSpec<PatchSize>("tile", value: "HxW", absent: "from the attributes", help: "tile size in pixels (rows only)")
let padOption = OptionSpec<Int>("pad", value: "P", default: 1, range: 0...64, help: "black pixels between tiles and around the grid")
let scaleOption = OptionSpec<Int>("scale", value: "S", default: 1, range: 1...64, help: "enlarge each tile pixel to SxS")
let maxTilesOption = OptionSpec<Int>("max-tiles", value: "N", default: 4096, range: 1...1_000_000, help: "draw at most the first N tiles")
let stretchOption = OptionSpec<String>("stretch", value: "tile|common|intensity", absent: "common for feature maps, tile otherwise",
                                       choices: ["tile", "common", "intensity"],
                                       help: "scale each tile by its own largest magnitude, or all tiles by the largest over all of them, or draw intensities in [0, 1] as they are (0 black, 1 white)")
let rangeOption = OptionSpec<Double>("range", value: "R", absent: "from --stretch", range: 1e-30...1e30,
                                     help: "show +R as white and -R as black in every tile (values beyond are clipped); implies a common scale")

let description = ToolDescription(
    name: "montage",
    usage: "[options] [INPUT...]",
    summary: "Draw dictionary atoms, patches, a model's filters, convolution kernels or feature maps as a grid of tiles in a PNG.",
    details: """
    What a tile is depends on the rank of each frame's data:
      [rows, features]          one tile per row (dictionary atoms, patches): HxW pixels
                                (x 3 values per pixel, channel last, for colour); the tile
                                size comes from --tile, else the patch_height/patch_width
                                attributes, else a square root of the row length
      [kernels, C, S1, S2]      one S1xS2 tile per kernel (csc-learn's kernels); C = 3 is
                                drawn in colour, C = 1 in grey
      [maps, H, W]              one HxW grey tile per map (csc-encode's feature maps)
    A model of no data -- a denoising auto-encoder (dae-train) or an RBM (rbm-train) -- is
    drawn as its filters: one tile per hidden unit, its weight vector into the visible layer
    (column j of encoder.weight [features, hidden], or of the RBM's weight [visible, hidden]),
    as rows of the model's patch_height x patch_width (the training rows' attributes).
    Tiles are stretched symmetrically around zero: mid-grey is 0, white and black are +/- the
    largest magnitude -- of each tile on its own (--stretch tile, the default for rows and
    kernels), or of all drawn tiles together (--stretch common, the default for feature maps,
    so that the maps can be compared: sparse maps are mostly grey), or +/- --range R; images
    and decoded samples (vae-sample) are intensities, drawn 0 black, 1 white with
    --stretch intensity. Frames
    after the first add tiles of the same shape. Holds the tiles it draws (at most --max-tiles).
    """,
    options: [columnsOption, tileSize, padOption, scaleOption, maxTilesOption, stretchOption, rangeOption, SharedOptions.pngDepth],
    example: "montage kernels.lpt --scale 8 -o kernels.png; montage dae.lpt --scale 4 -o filters.png; csc-encode --kernels kernels.lpt photo.png | montage -o maps.png")

/// What each tile of a frame's data is.
enum TileKind: Equatable {
    case rows, kernels, maps

    init(_ data: Tensor) throws {
        switch data.rank {
        case 2: self = .rows
        case 3: self = .maps
        case 4: self = .kernels
        default: throw ToolFailure("'data' must be rows [rows, features], kernels [kernels, C, S1, S2] or maps [maps, H, W], not \(data.shapeDescription)")
        }
    }
}

ToolRunner.run(description) { context in
    let columns = context.given(columnsOption)
    let pad = try context.value(padOption)
    let scale = try context.value(scaleOption)
    let maxTiles = try context.value(maxTilesOption)
    var tile = context.given(tileSize).map { (height: $0.height, width: $0.width) }
    let depth: PNGBitDepth = try context.value(SharedOptions.pngDepth) == "16" ? .sixteen : .eight
    var kind: TileKind?
    var trailing: [Int] = []
    var values: [Float] = []
    var count = 0
    let inputName = context.inputPaths.count == 1 ? context.inputPaths[0] : "input"
    /// Keeps the frame's tiles (rows of `data`) up to --max-tiles.
    func keep(_ data: Tensor) throws {
        try data.requireFinite("data")
        let take = min(data.rows, maxTiles - count)
        guard take > 0 else { return }
        values += data.floats.prefix(take * data.rowLength)
        count += take
    }
    try context.forEachFrame { frame in
        // A model frame (no data) draws its filters: the rows of its FilterBank.
        let bank = frame["data"] == nil ? try FilterBank(frame: frame, path: inputName) : nil
        guard let data = frame["data"], data.rank != 2 else {
            if kind == nil { kind = .rows }
            guard kind == .rows else { throw ToolFailure("frames change from \(kind!) to rows") }
            let modelKind = frame.attribute("kind")?.string.map { "; a '\($0)' model has no filters to draw (montage draws those of \(FilterBank.kinds.joined(separator: " and ")) models)" }
            let data = try bank?.filters ?? frame.dataMatrix(purpose: modelKind ?? "")
            if count == 0 {
                trailing = [data.rowLength]
                if tile == nil, let h = frame.attribute("patch_height")?.number, let w = frame.attribute("patch_width")?.number,
                   h >= 1, w >= 1, h <= 4096, w <= 4096 {
                    tile = (Int(h), Int(w))
                }
            }
            guard data.rowLength == trailing[0] else {
                throw ToolFailure("rows change length between frames (\(trailing[0]) then \(data.rowLength))")
            }
            return try keep(data)
        }
        let frameKind = try TileKind(data)
        if kind == nil {
            kind = frameKind
            trailing = Array(data.shape.dropFirst())
            guard trailing.allSatisfy({ $0 >= 1 && $0 <= 4096 }) else {
                throw ToolFailure("tiles of \(trailing.map(String.init).joined(separator: "x")) cannot be drawn")
            }
            if frameKind == .kernels, trailing[0] != 1 && trailing[0] != 3 {
                throw ToolFailure("kernels of \(trailing[0]) channels cannot be drawn: only 1 (grey) or 3 (colour)")
            }
        }
        guard frameKind == kind, Array(data.shape.dropFirst()) == trailing else {
            throw ToolFailure("frames change shape: \(data.shapeDescription) after \(kind!) of \(trailing.map(String.init).joined(separator: "x")); draw one image's maps (or one shape) at a time")
        }
        try keep(data)
    }
    guard let kind, count > 0, values.count > 0 else { throw ToolFailure("no tiles to draw") }

    let channels: Int
    switch kind {
    case .rows:
        guard let shape = rowTileShape(rowLength: trailing[0], tile: tile) else {
            let size = tile.map { "\($0.height)x\($0.width) tiles of 1 or 3 channels" } ?? "square tiles of 1 or 3 channels"
            throw ToolFailure("rows of \(trailing[0]) values are not \(size); give --tile HxW")
        }
        tile = (shape.height, shape.width)
        channels = shape.channels
    case .kernels:
        channels = trailing[0]
        tile = (trailing[1], trailing[2])
        values = channelLastLayout(values, count: count, channels: channels, height: trailing[1], width: trailing[2])
    case .maps:
        channels = 1
        tile = (trailing[0], trailing[1])
    }
    let (height, width) = tile!
    var range = context.given(rangeOption).map { Float($0) }
    if range == nil, (context.given(stretchOption) ?? (kind == .maps ? "common" : "tile")) == "common" {
        let largest = values.reduce(Float(0)) { max($0, abs($1)) }
        range = largest > 0 ? largest : nil
    }
    let intensities = context.given(stretchOption) == "intensity"
    if intensities && context.given(rangeOption) != nil { throw UsageError("--range does not apply to --stretch intensity (0 is black, 1 white)") }
    let image = montage(tiles: values, count: count, tileHeight: height, tileWidth: width, channels: channels,
                        columns: columns, pad: pad, scale: scale, range: range, intensities: intensities)
    guard image.width * image.height <= pngMaxPixels else { throw ToolFailure("the montage would be too large; use fewer tiles or a smaller scale") }
    try context.output.sink().write(try encodePNG(image, depth: depth, name: context.output.path ?? "stdout"))
}
