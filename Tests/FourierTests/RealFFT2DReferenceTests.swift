import Fourier
import Testing

@Suite struct RealFFT2DReferenceTests {
    /// The transform of a unit impulse at the origin is 1 everywhere; its inverse is the impulse.
    @Test func impulseRoundTrip() {
        let plan = RealFFT2D(height: 3, width: 5)
        var input = [Float](repeating: 0, count: 15)
        input[0] = 1
        var re = [Float](repeating: 0, count: plan.spectrumCount)
        var im = re
        var back = input
        let scratch = plan.makeScratch()
        plan.forward(input, real: &re, imaginary: &im, scratch: scratch)
        #expect(re.allSatisfy { abs($0 - 1) < 1e-6 } && im.allSatisfy { abs($0) < 1e-6 })
        plan.inverse(real: re, imaginary: im, output: &back, scratch: scratch)
        #expect(zip(back, input).allSatisfy { abs($0 - $1) < 1e-6 })
    }
}
