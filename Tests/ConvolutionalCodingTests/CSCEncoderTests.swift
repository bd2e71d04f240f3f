import ConvolutionalCoding
import Testing

/// The encoders' answers checked by independent means: reconstruction at λ → 0, the optimality
/// conditions computed by the operator's adjoint, energies against the start.
struct CSCEncoderTests {
    static let algorithms = CSCAlgorithm.allCases

    @Test(arguments: algorithms)
    func nearZeroLambdaReconstructsTheImage(algorithm: CSCAlgorithm) throws {
        for channels in [1, 3] {
            let kernels = try ConvolutionKernels.random(count: 2 * channels + 2, channels: channels, height: 3, width: 3, seed: 21)
            let image = TestData.stack(channels, 12, 10, seed: 22)
            let encoder = try CSCEncoder(kernels: kernels, options: CSCEncoderOptions(
                lambda: 1e-5, maxIterations: 3000, tolerance: 1e-7, algorithm: algorithm))
            let result = try encoder.encode(image)
            let op = try encoder.convolutionOperator(height: 12, width: 10)
            let psnr = TestData.psnr(image.values, op.reconstruct(result.maps).values)
            #expect(psnr >= 45, "\(algorithm) C=\(channels): \(psnr) dB after \(result.iterations) iterations")
        }
    }

    @Test(arguments: algorithms)
    func optimalityConditionsHold(algorithm: CSCAlgorithm) throws {
        for channels in [1, 3] {
            let kernels = try ConvolutionKernels.random(count: 4, channels: channels, height: 3, width: 3, seed: 31)
            let image = TestData.stack(channels, 10, 12, seed: 32)
            let lambda: Float = 0.2
            let (result, op) = try TestData.expectOptimalEncoding(kernels, image, lambda: lambda, algorithm: algorithm, "\(algorithm) C=\(channels)")
            // Below the energy of zero maps.
            #expect(result.energy.total < op.energy(image: image, maps: PlaneStack(planes: 4, height: 10, width: 12), lambda: lambda).total)
        }
    }

    @Test func targetEnergyStopsEarly() throws {
        let kernels = try ConvolutionKernels.random(count: 4, channels: 1, height: 3, width: 3, seed: 41)
        let image = TestData.stack(1, 12, 12, seed: 42)
        let full = try CSCEncoder(kernels: kernels, options: CSCEncoderOptions(lambda: 0.1, maxIterations: 400, tolerance: 1e-6)).encode(image)
        let target = full.energy.total * 1.05
        let early = try CSCEncoder(kernels: kernels, options: CSCEncoderOptions(
            lambda: 0.1, maxIterations: 400, tolerance: 1e-6, targetEnergy: target)).encode(image)
        #expect(early.stopReason == .targetReached && early.energy.total <= target && early.iterations < full.iterations)
    }

    @Test(arguments: algorithms)
    func warmStartFromTheAnswerStopsSoon(algorithm: CSCAlgorithm) throws {
        let kernels = try ConvolutionKernels.random(count: 3, channels: 1, height: 3, width: 3, seed: 51)
        let image = TestData.stack(1, 10, 10, seed: 52)
        let encoder = try CSCEncoder(kernels: kernels, options: CSCEncoderOptions(lambda: 0.1, maxIterations: 3000, tolerance: 1e-5, algorithm: algorithm))
        let first = try encoder.encode(image)
        let again = try encoder.encode(image, warmStart: first.maps)
        #expect(first.stopReason == .converged && again.stopReason == .converged)
        #expect(again.iterations * 10 <= first.iterations && again.energy.total <= first.energy.total * (1 + 1e-5),
                "\(first.iterations) iterations cold, \(again.iterations) warm")
    }

    @Test func badInputIsRefused() throws {
        let grey = try ConvolutionKernels.random(count: 2, channels: 1, height: 3, width: 3, seed: 1)
        let encoder = try CSCEncoder(kernels: grey)
        #expect(throws: ConvolutionalCodingError.self) { try encoder.encode(TestData.stack(3, 8, 8, seed: 1)) }
        #expect(throws: ConvolutionalCodingError.self) { try encoder.encode(TestData.stack(1, 2, 8, seed: 1)) }
        var nan = TestData.stack(1, 8, 8, seed: 1)
        nan.values[5] = .nan
        #expect(throws: ConvolutionalCodingError.self) { try encoder.encode(nan) }
        #expect(throws: ConvolutionalCodingError.self) { try CSCEncoder(kernels: grey, options: CSCEncoderOptions(lambda: -1)) }
    }
}
