/// The tile a row of `rowLength` values is drawn as: `height × width` pixels of 1 (grey) or 3
/// (colour, channel last) values. With `tile` given, its size; otherwise a square of grey
/// pixels, else a square of colour ones. Nil when the row is no such tile (a size the caller
/// should ask for).
public func rowTileShape(rowLength: Int, tile: (height: Int, width: Int)?) -> (height: Int, width: Int, channels: Int)? {
    guard rowLength >= 1 else { return nil }
    if let tile {
        guard tile.height >= 1, tile.width >= 1, rowLength % (tile.height * tile.width) == 0 else { return nil }
        let channels = rowLength / (tile.height * tile.width)
        return channels == 1 || channels == 3 ? (tile.height, tile.width, channels) : nil
    }
    for channels in [1, 3] where rowLength % channels == 0 {
        var side = 1
        while (side + 1) * (side + 1) * channels <= rowLength { side += 1 }
        if side * side * channels == rowLength { return (side, side, channels) }
    }
    return nil
}
