import Testing
import Augmentation
import TensorCore
@testable import ContrastiveLearning

/// viewPairs: image images[i]'s two views at rows 2i and 2i+1, checked on a 2-channel 3×4
/// image whose samples are all different (so every shift gives a different view).
@Suite struct ViewPairsTests {
    static let shape = ImageShape(channels: 2, height: 3, width: 4)

    /// Three images, channel-last rows; image i's samples are 100·(i + 1) + 1 ... + 24.
    static let images: [Float] = (0..<72).map { (index: Int) -> Float in Float(100 * (index / 24 + 1) + index % 24 + 1) }

    static func image(_ i: Int) -> [Float] { Array(images[(i * 24)..<((i + 1) * 24)]) }

    /// The channel-last row moved `down` and `right` pixels, zeros where nothing moved in,
    /// written here from the layout (y, x, channel).
    static func shifted(_ row: [Float], down: Int, right: Int) -> [Float] {
        let (c, h, w) = (shape.channels, shape.height, shape.width)
        var out = [Float](repeating: 0, count: row.count)
        for y in 0..<h {
            for x in 0..<w {
                let (fromY, fromX) = (y - down, x - right)
                guard (0..<h).contains(fromY), (0..<w).contains(fromX) else { continue }
                for channel in 0..<c { out[(y * w + x) * c + channel] = row[(fromY * w + fromX) * c + channel] }
            }
        }
        return out
    }

    static func view(_ views: [Float], _ r: Int) -> [Float] { Array(views[(r * 24)..<((r + 1) * 24)]) }

    @Test func withNothingEnabledBothViewsAreTheImage() {
        var generator = SeededGenerator(seed: 1)
        let order = [2, 0, 2, 1]
        let views = viewPairs(of: order, in: Self.images, shape: Self.shape, augmentation: RandomAugmentation(), generator: &generator)
        #expect(views.count == 2 * order.count * 24)
        for (i, image) in order.enumerated() {
            #expect(Self.view(views, 2 * i) == Self.image(image), "view A of place \(i)")
            #expect(Self.view(views, 2 * i + 1) == Self.image(image), "view B of place \(i)")
        }
        // Nothing was drawn.
        var fresh = SeededGenerator(seed: 1)
        #expect(generator.next() == fresh.next())
    }

    /// Each view is one of the nine shifts by ±1 of its image; which one, in the order
    /// view A then view B of each image, is what the generator draws (down, then right).
    @Test func withShiftOnlyEachViewIsAShiftedCopy() {
        let order = [1, 2, 0, 1, 0, 2, 2, 1]
        var generator = SeededGenerator(seed: 7)
        let views = viewPairs(of: order, in: Self.images, shape: Self.shape, augmentation: RandomAugmentation(maxShift: 1),
                              generator: &generator)
        var replay = SeededGenerator(seed: 7)
        var shiftsSeen = Set<[Int]>()
        var pairsThatDiffer = 0
        for (i, image) in order.enumerated() {
            for r in [2 * i, 2 * i + 1] {
                let view = Self.view(views, r)
                let matches = (-1...1).flatMap { down in (-1...1).map { [down, $0] } }
                    .filter { Self.shifted(Self.image(image), down: $0[0], right: $0[1]) == view }
                #expect(matches.count == 1, "row \(r) is no shift of image \(image)")
                let drawn = [replay.below(3) - 1, replay.below(3) - 1]
                #expect(matches.first == drawn, "row \(r): shift \(matches) where \(drawn) was drawn")
                shiftsSeen.formUnion(matches)
            }
            if Self.view(views, 2 * i) != Self.view(views, 2 * i + 1) { pairsThatDiffer += 1 }
        }
        // The 16 draws are not all one shift and the two views are drawn independently.
        #expect(shiftsSeen.count >= 4)
        #expect(pairsThatDiffer >= 4)
    }
}
