import Testing
@testable import ImageIO

@Suite("Montage")
struct MontageTests {
    @Test("two 2×2 gray tiles, pad 1: placement and per-tile symmetric scaling")
    func twoTiles() {
        // Tile A: max |v| = 4, so v ↦ 0.5 + v/8. Tile B: all zero, so mid-grey 0.5.
        let tiles: [Float] = [1, -2, 0, 4,   0, 0, 0, 0]
        let image = montage(tiles: tiles, count: 2, tileHeight: 2, tileWidth: 2, channels: 1,
                            columns: nil, pad: 1, scale: 1)
        // Default columns ceil(sqrt(2)) = 2: width 1 + 2·(2 + 1) = 7, height 1 + 1·(2 + 1) = 4.
        #expect(image.width == 7 && image.height == 4 && image.channels == 1)
        let expected: [Float] = [
            0, 0,     0,    0, 0,   0,   0,
            0, 0.625, 0.25, 0, 0.5, 0.5, 0,
            0, 0.5,   1,    0, 0.5, 0.5, 0,
            0, 0,     0,    0, 0,   0,   0,
        ]
        #expect(image.pixels == expected)
    }

    @Test("colour tile: one max over all channels; scale enlarges pixels, not padding")
    func colourAndScale() {
        // max |v| = 2 over the three channels: v ↦ 0.5 + v/4.
        let tiles: [Float] = [-2, 1, 0.5]
        let image = montage(tiles: tiles, count: 1, tileHeight: 1, tileWidth: 1, channels: 3,
                            columns: nil, pad: 1, scale: 2)
        #expect(image.width == 4 && image.height == 4 && image.channels == 3)
        for y in 0..<4 {
            for x in 0..<4 {
                let inside = (1...2).contains(y) && (1...2).contains(x)
                let pixel = [image[y, x, 0], image[y, x, 1], image[y, x, 2]]
                #expect(pixel == (inside ? [0, 0.75, 0.625] : [0, 0, 0]), "(\(y), \(x))")
            }
        }
    }

    @Test("explicit columns, no padding, empty trailing cells stay black")
    func columnsAndEmptyCells() {
        // Three 1×1 tiles in 2 columns: a 2×2 grid whose last cell is empty.
        let image = montage(tiles: [3, -5, 0], count: 3, tileHeight: 1, tileWidth: 1, channels: 1,
                            columns: 2, pad: 0, scale: 1)
        #expect(image.width == 2 && image.height == 2)
        #expect(image.pixels == [1, 0, 0.5, 0])
        let column = montage(tiles: [3, -5, 0], count: 3, tileHeight: 1, tileWidth: 1, channels: 1,
                             columns: 1, pad: 2, scale: 1)
        #expect(column.width == 5 && column.height == 2 + 3 * 3)
        #expect(column[2, 2, 0] == 1 && column[5, 2, 0] == 0 && column[8, 2, 0] == 0.5)
    }

    @Test("intensities: drawn as they are, 0 black and 1 white, clipped; range ignored")
    func intensities() {
        let image = montage(tiles: [0.25, 1.5, -0.5, 0.75], count: 2, tileHeight: 1, tileWidth: 2, channels: 1,
                            columns: 2, pad: 0, scale: 1, range: 3, intensities: true)
        #expect(image.pixels == [0.25, 1, 0, 0.75])
    }

    @Test("default columns are ceil(sqrt(count))")
    func defaultColumnCount() {
        #expect([1, 2, 4, 5, 9, 10, 16, 17, 100].map(defaultColumns) == [1, 2, 2, 3, 3, 4, 4, 5, 10])
    }

    @Test("a common range: every tile on one scale, values beyond it clipped")
    func commonRange() {
        // range 2: v ↦ 0.5 + v/4, clipped to [0, 1]; the second tile is not stretched on its own.
        let image = montage(tiles: [1, -8, 0.5, 0], count: 2, tileHeight: 1, tileWidth: 2, channels: 1,
                            columns: 2, pad: 0, scale: 1, range: 2)
        #expect(image.pixels == [0.75, 0, 0.625, 0.5])
    }
}
