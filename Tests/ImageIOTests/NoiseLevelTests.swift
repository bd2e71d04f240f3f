#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import ImageIO
import TensorCore

/// Donoho's σ estimate on synthetic images whose noise is known: a smooth picture (a ramp and two
/// plane waves) plus seeded Gaussian noise, not clipped.
struct NoiseLevelTests {
    static func noisyPicture(side: Int, channels: Int, sigma: Double, seed: UInt64) -> Image {
        var generator = SeededGenerator(seed: seed)
        var pixels = [Float]()
        for y in 0..<side {
            for x in 0..<side {
                let (u, v) = (Double(y) / Double(side), Double(x) / Double(side))
                let clean = 0.3 + 0.3 * u + 0.15 * cos(2 * Double.pi * (3 * u + 2 * v)) + 0.1 * sin(2 * Double.pi * (5 * v - u))
                for _ in 0..<channels { pixels.append(Float(clean + sigma * generator.gaussian())) }
            }
        }
        return Image(width: side, height: side, channels: channels, pixels: pixels)
    }

    @Test(arguments: [0.01, 0.03, 0.1, 0.2])
    func grayEstimateWithinThreePercent(sigma: Double) {
        let estimate = estimatedNoiseSigma(Self.noisyPicture(side: 256, channels: 1, sigma: sigma, seed: 5))
        #expect(abs(estimate / sigma - 1) < 0.03, "sigma \(sigma): estimated \(estimate)")
    }

    @Test func colourChannelsArePooled() {
        let estimate = estimatedNoiseSigma(Self.noisyPicture(side: 128, channels: 3, sigma: 0.05, seed: 9))
        #expect(abs(estimate / 0.05 - 1) < 0.03, "estimated \(estimate)")
    }

    /// A noiseless smooth picture reads far below any of the noise levels above.
    @Test func cleanSmoothPictureReadsNearZero() {
        #expect(estimatedNoiseSigma(Self.noisyPicture(side: 256, channels: 1, sigma: 0, seed: 1)) < 0.002)
    }
}
