import ConvolutionalCoding
import Testing

struct ConvolutionKernelsTests {
    @Test func randomKernelsAreUnitNormAndSeeded() throws {
        let a = try ConvolutionKernels.random(count: 5, channels: 3, height: 4, width: 4, seed: 42)
        let b = try ConvolutionKernels.random(count: 5, channels: 3, height: 4, width: 4, seed: 42)
        let c = try ConvolutionKernels.random(count: 5, channels: 3, height: 4, width: 4, seed: 43)
        #expect(a == b && a != c)
        #expect(a.isUnitNorm(tolerance: 1e-5))
    }

    @Test func refusals() throws {
        #expect(throws: ConvolutionalCodingError.self) { try ConvolutionKernels(count: 1, channels: 1, height: 2, width: 2, values: [1, 2, 3]) }
        #expect(throws: ConvolutionalCodingError.self) { try ConvolutionKernels(count: 1, channels: 1, height: 1, width: 2, values: [1, .nan]) }
        let zero = try ConvolutionKernels(count: 2, channels: 1, height: 1, width: 2, values: [1, 0, 0, 0])
        #expect(throws: ConvolutionalCodingError.self) { try zero.normalized() }
    }

    @Test func patchesComeFromTheImages() throws {
        let image = TestData.stack(1, 12, 12, seed: 8)
        let kernels = try ConvolutionKernels.patches(of: [image], count: 4, height: 3, width: 3, seed: 1)
        #expect(kernels.count == 4 && kernels.channels == 1 && kernels.isUnitNorm(tolerance: 1e-5))
        #expect(throws: ConvolutionalCodingError.self) { try ConvolutionKernels.patches(of: [], count: 1, height: 3, width: 3, seed: 1) }
    }
}
