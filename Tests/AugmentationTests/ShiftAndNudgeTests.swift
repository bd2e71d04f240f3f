import Testing
import TensorCore
@testable import Augmentation

/// A 1-channel image whose pixel (y, x) holds 1 + 10·y + x: every pixel different and not zero.
func numbered(height: Int, width: Int, channels: Int = 1) -> Planes {
    Planes(channels: channels, height: height, width: width,
           values: (0..<channels * height * width).map { Float(1 + ($0 / width % height) * 10 + $0 % width + 100 * ($0 / (height * width))) })
}

struct ShiftAndNudgeTests {
    @Test func shiftMovesAPixelAndFillsZeros() {
        var image = Planes(zerosLike: ImageShape(channels: 1, height: 4, width: 5))
        image[0, 1, 2] = 7
        let moved = image.shifted(down: 2, right: -1)
        for y in 0..<4 {
            for x in 0..<5 { #expect(moved[0, y, x] == (y == 3 && x == 1 ? 7 : 0), "(\(y), \(x))") }
        }
    }

    @Test func shiftOfANumberedImageByOneRight() {
        let image = numbered(height: 3, width: 4, channels: 2)
        let moved = image.shifted(down: 0, right: 1)
        for channel in 0..<2 {
            for y in 0..<3 {
                #expect(moved[channel, y, 0] == 0)
                for x in 1..<4 { #expect(moved[channel, y, x] == image[channel, y, x - 1]) }
            }
        }
    }

    @Test func shiftByTheWholeSideLeavesZeros() {
        let image = numbered(height: 3, width: 3)
        #expect(image.shifted(down: 3, right: 0).values.allSatisfy { $0 == 0 })
        #expect(image.shifted(down: 0, right: -5).values.allSatisfy { $0 == 0 })
        #expect(image.shifted(down: 0, right: 0) == image)
    }

    /// The nudge's five views: the image, then moved up, left, right, down by one pixel.
    @Test func nudgeGivesTheImageAndItsFourShifts() {
        let image = numbered(height: 3, width: 3)
        let views = Nudge.views(of: image)
        #expect(views.count == 5)
        #expect(views[0] == image)
        // Up: row y holds the input's row y + 1, the last row zero.
        #expect(views[1].values == [11, 12, 13, 21, 22, 23, 0, 0, 0])
        #expect(views[2].values == [2, 3, 0, 12, 13, 0, 22, 23, 0])
        #expect(views[3].values == [0, 1, 2, 0, 11, 12, 0, 21, 22])
        #expect(views[4].values == [0, 0, 0, 1, 2, 3, 11, 12, 13])
    }

    @Test func channelLastRowsRoundTrip() {
        let shape = ImageShape(channels: 3, height: 2, width: 2)
        let row: [Float] = (0..<12).map(Float.init)
        let image = Planes(channelLastRow: row, shape: shape)
        // Pixel (0, 1) is row values 3, 4, 5, one per channel.
        #expect(image[0, 0, 1] == 3 && image[1, 0, 1] == 4 && image[2, 0, 1] == 5)
        #expect(image.channelLastRow == row)
    }

    @Test func rowShapesFromAttributesOrSquares() {
        #expect(ImageShape.ofRows(features: 64, height: 8, width: 8, channels: 1) == ImageShape(channels: 1, height: 8, width: 8))
        #expect(ImageShape.ofRows(features: 48, height: 4, width: 4, channels: nil) == ImageShape(channels: 3, height: 4, width: 4))
        #expect(ImageShape.ofRows(features: 64, height: nil, width: nil, channels: nil) == ImageShape(channels: 1, height: 8, width: 8))
        #expect(ImageShape.ofRows(features: 60, height: nil, width: nil, channels: nil) == nil)
        #expect(ImageShape.ofRows(features: 64, height: 3, width: 3, channels: nil) == nil)
    }
}
