import ImageIO
import Testing

struct PSNRTests {
    @Test func knownValues() {
        let reference = Image(width: 2, height: 1, channels: 1, pixels: [0.5, 0.5])
        #expect(peakSignalToNoiseRatio(reference, reference: reference) == .infinity)
        // Errors of 0.1 on every sample: mse 0.01, 20 dB.
        let off = Image(width: 2, height: 1, channels: 1, pixels: [0.6, 0.4])
        #expect(abs(peakSignalToNoiseRatio(off, reference: reference) - 20) < 1e-5)
    }
}
