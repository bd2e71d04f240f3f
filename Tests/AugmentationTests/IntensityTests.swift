import Testing
import TensorCore
@testable import Augmentation

struct IntensityTests {
    @Test func contrastScalesAroundTheMeanAndBrightnessAdds() {
        let image = Planes(channels: 1, height: 1, width: 4, values: [1, 2, 3, 6])   // mean 3
        #expect(image.adjusted(contrast: 2, brightness: 0).values == [-1, 1, 3, 9])
        #expect(image.adjusted(contrast: 1, brightness: 0.5).values == [1.5, 2.5, 3.5, 6.5])
        #expect(image.adjusted(contrast: 0, brightness: 0).values == [3, 3, 3, 3])
    }

    /// Noise over 40 000 samples of a constant image: mean within 4 standard errors of the
    /// image's value, standard deviation within 2 % of σ.
    @Test(arguments: [0.1, 2.0])
    func noiseHasTheRightMeanAndDeviation(sigma: Double) {
        let image = Planes(channels: 1, height: 200, width: 200, values: [Float](repeating: 0.5, count: 40_000))
        var generator = SeededGenerator(seed: 3)
        let noisy = image.withNoise(sigma: Float(sigma), using: &generator)
        let deviations = noisy.values.map { Double($0) - 0.5 }
        let mean = deviations.reduce(0, +) / 40_000
        let sd = (deviations.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 39_999).squareRoot()
        #expect(abs(mean) < 4 * sigma / 200)
        #expect(abs(sd / sigma - 1) < 0.02)
    }
}

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
