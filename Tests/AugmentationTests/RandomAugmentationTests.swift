import Testing
import TensorCore
@testable import Augmentation

/// Random views: seeded, within their ranges, and the nudge plan.
struct RandomAugmentationTests {
    static let every = RandomAugmentation(maxShift: 1, maxDegrees: 15, cropFraction: 0.75, noiseSigma: 0.05, contrast: 0.2, brightness: 0.1)

    @Test func sameSeedSameViewsOtherSeedOtherViews() {
        let image = numbered(height: 8, width: 8)
        func views(_ seed: UInt64) -> [Planes] {
            var generator = SeededGenerator(seed: seed)
            return ViewPlan.random(Self.every, count: 4).views(of: image, using: &generator)
        }
        #expect(views(5) == views(5))
        #expect(views(5) != views(6))
        // The four views of one draw differ from each other.
        let four = views(5)
        #expect(Set(four.map(\.values)).count == 4)
    }

    @Test func nothingAskedForGivesCopies() {
        let image = numbered(height: 5, width: 5)
        var generator = SeededGenerator(seed: 1)
        #expect(RandomAugmentation().apply(to: image, using: &generator) == image)
    }

    /// Shifts alone: every view is the image moved by some (down, right) in -1...1, and over
    /// many views all nine offsets appear.
    @Test func shiftViewsAreShiftsWithinK() {
        let image = numbered(height: 5, width: 5)
        var generator = SeededGenerator(seed: 2)
        var seen: Set<[Int]> = []
        for _ in 0..<200 {
            let view = RandomAugmentation(maxShift: 1).apply(to: image, using: &generator)
            let offsets = (-1...1).flatMap { down in (-1...1).map { [down, $0] } }
            let match = offsets.first { image.shifted(down: $0[0], right: $0[1]) == view }
            #expect(match != nil)
            if let match { seen.insert(match) }
        }
        #expect(seen.count == 9)
    }

    @Test func nudgePlanIsFiveDeterministicViews() {
        var first = SeededGenerator(seed: 1), second = SeededGenerator(seed: 99)
        let image = numbered(height: 4, width: 4)
        #expect(ViewPlan.nudge.count == 5)
        #expect(ViewPlan.nudge.views(of: image, using: &first) == ViewPlan.nudge.views(of: image, using: &second))
    }
}
