import ImageIO
import Testing

struct TileShapeTests {
    @Test func squareTilesAreGuessedGreyFirst() {
        #expect(rowTileShape(rowLength: 64, tile: nil)! == (8, 8, 1))
        #expect(rowTileShape(rowLength: 1, tile: nil)! == (1, 1, 1))
        #expect(rowTileShape(rowLength: 192, tile: nil)! == (8, 8, 3))   // 192 is no square: 3 × 8²
        #expect(rowTileShape(rowLength: 243, tile: nil)! == (9, 9, 3))
        #expect(rowTileShape(rowLength: 50, tile: nil) == nil)
        #expect(rowTileShape(rowLength: 0, tile: nil) == nil)
    }

    @Test func givenTilesSetTheChannels() {
        #expect(rowTileShape(rowLength: 48, tile: (4, 4))! == (4, 4, 3))
        #expect(rowTileShape(rowLength: 12, tile: (3, 4))! == (3, 4, 1))
        #expect(rowTileShape(rowLength: 32, tile: (4, 4)) == nil)   // 2 channels
        #expect(rowTileShape(rowLength: 20, tile: (3, 3)) == nil)
    }
}
