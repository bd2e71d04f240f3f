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
