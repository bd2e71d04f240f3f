import ConvolutionalCoding
import Testing

/// ADMM's frequency pass goes in blocks of frequencies split over the threads; the other tests
/// use images whose spectra fit one block. Here spectra of several blocks with a ragged last
/// one (36 × 70: 1296 frequencies), grey and colour, on 1 and 2 threads, checked by the
/// optimality conditions computed by the operator's adjoint.
struct ADMMFrequencyBlockTests {
    @Test(arguments: [1, 2])
    func optimalityHoldsOverSeveralBlocks(threads: Int) throws {
        for channels in [1, 3] {
            let kernels = try ConvolutionKernels.random(count: 5, channels: channels, height: 4, width: 4, seed: 61)
            let image = TestData.stack(channels, 36, 70, seed: 62)
            let lambda: Float = 0.1
            let encoder = try CSCEncoder(kernels: kernels, options: CSCEncoderOptions(
                lambda: lambda, maxIterations: 5000, tolerance: 1e-6, algorithm: .admm, threads: threads))
            let result = try encoder.encode(image)
            let op = try encoder.convolutionOperator(height: 36, width: 70)
            let kkt = op.optimality(image: image, maps: result.maps, lambda: lambda)
            #expect(kkt.maxViolation < 0.02 * Double(lambda), "C=\(channels), \(threads) threads: \(kkt)")
            #expect(result.nonZeros > 0 && result.nonZeros < result.maps.values.count)
            // The energy computed in the blocked pass (Parseval) is the energy of the maps.
            let energy = op.energy(image: image, maps: result.maps, lambda: lambda)
            #expect(abs(energy.total - result.energy.total) <= 1e-4 * energy.total, "C=\(channels): \(energy.total) vs \(result.energy.total)")
        }
    }
}
