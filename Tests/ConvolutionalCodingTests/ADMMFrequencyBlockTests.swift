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
            // Among the checks: the energy computed in the blocked pass (Parseval) is the energy of the maps.
            try TestData.expectOptimalEncoding(kernels, image, lambda: 0.1, algorithm: .admm, threads: threads, "C=\(channels), \(threads) threads")
        }
    }
}
