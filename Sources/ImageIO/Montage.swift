/// Draws rows of `tiles` (for example dictionary atoms) as a grid of small images.
///
/// Each tile is scaled symmetrically around zero on its own: `v ↦ 0.5 + v / (2·m)` where
/// `m` is the largest `|v|` of that tile over all its channels, so 0 is mid-grey, the
/// tile's extreme is 0 or 1, and an all-zero tile is uniformly 0.5. Tiles fill the grid
/// row by row; each tile pixel becomes a `scale × scale` block (nearest neighbour);
/// `pad` black (0) pixels separate tiles and surround the grid (padding is not scaled).
/// Grid cells after the last tile stay black.
///
/// With `range` given every tile shares one scale instead, `v ↦ 0.5 + v / (2·range)` clipped
/// to [0, 1], so that tiles can be compared (feature maps: 0 is mid-grey everywhere).
///
/// With `intensities` the values are drawn as they are, 0 black and 1 white, clipped to
/// [0, 1] (images and decoded samples, whose zero is black rather than mid-grey); `range`
/// is then ignored.
///
/// - Parameters:
///   - tiles: `[count, tileHeight * tileWidth * channels]`, each row HWC (finite values).
///   - columns: tiles per grid row; default `ceil(sqrt(count))`.
///   - pad: separator width in pixels, ≥ 0. `scale`: ≥ 1.
///   - range: the magnitude shown as white (and its negative as black) in every tile, > 0;
///     nil scales each tile by its own largest magnitude.
/// - Returns: an image of `channels` channels, width `pad + columns·(tileWidth·scale + pad)`
///   and height `pad + rows·(tileHeight·scale + pad)` with `rows = ceil(count / columns)`.
public func montage(tiles: [Float], count: Int, tileHeight: Int, tileWidth: Int, channels: Int,
                    columns: Int? = nil, pad: Int = 1, scale: Int = 1, range: Float? = nil,
                    intensities: Bool = false) -> Image {
    precondition(count >= 1, "montage needs at least one tile")
    precondition(tileHeight >= 1 && tileWidth >= 1 && channels >= 1, "invalid tile shape")
    precondition(pad >= 0 && scale >= 1, "pad must be ≥ 0 and scale ≥ 1")
    precondition(range.map { $0 > 0 && $0.isFinite } ?? true, "range must be positive and finite")
    let tileValues = tileHeight * tileWidth * channels
    precondition(tiles.count == count * tileValues,
                 "\(tiles.count) values for \(count) tiles of \(tileValues)")
    let gridColumns = columns ?? defaultColumns(count)
    precondition(gridColumns >= 1, "columns must be at least 1")
    let gridRows = (count + gridColumns - 1) / gridColumns
    let cellHeight = tileHeight * scale, cellWidth = tileWidth * scale
    let outHeight = pad + gridRows * (cellHeight + pad)
    let outWidth = pad + gridColumns * (cellWidth + pad)
    var out = Image(width: outWidth, height: outHeight, channels: channels)

    for t in 0..<count {
        let tile = tiles[(t * tileValues)..<((t + 1) * tileValues)]
        let peak = range ?? tile.reduce(Float(0)) { max($0, abs($1)) }
        let top = pad + (t / gridColumns) * (cellHeight + pad)
        let left = pad + (t % gridColumns) * (cellWidth + pad)
        for ty in 0..<tileHeight {
            for tx in 0..<tileWidth {
                for c in 0..<channels {
                    let v = tile[tile.startIndex + (ty * tileWidth + tx) * channels + c]
                    let shown: Float = intensities ? min(max(v, 0), 1)
                        : peak > 0 ? min(max(0.5 + v / (2 * peak), 0), 1) : 0.5
                    for dy in 0..<scale {
                        for dx in 0..<scale {
                            out[top + ty * scale + dy, left + tx * scale + dx, c] = shown
                        }
                    }
                }
            }
        }
    }
    return out
}

/// `ceil(sqrt(count))` computed exactly on integers.
func defaultColumns(_ count: Int) -> Int {
    var columns = 1
    while columns * columns < count { columns += 1 }
    return columns
}
