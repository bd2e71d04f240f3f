import ConvolutionalCoding
import Foundation
import TensorCore
import Testing

/// Random inputs for the tests, from fixed seeds, and independent reference computations.
enum TestData {
    static func gaussian(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(generator.gaussian()) }
    }

    static func stack(_ planes: Int, _ height: Int, _ width: Int, seed: UInt64) -> PlaneStack {
        PlaneStack(planes: planes, height: height, width: width, values: gaussian(planes * height * width, seed: seed))
    }

    /// Encodes `image` tightly and checks the answer by the operator's own means: the optimality
    /// (KKT) conditions within 2% of λ, some but not all maps non-zero, and the energy the
    /// encoder reports equal to the energy of the maps it returns. Returns the result.
    @discardableResult
    static func expectOptimalEncoding(_ kernels: ConvolutionKernels, _ image: PlaneStack, lambda: Float, algorithm: CSCAlgorithm,
                                      threads: Int? = nil, _ what: String) throws -> (CSCEncodeResult, ConvolutionOperator) {
        var options = CSCEncoderOptions(lambda: lambda, maxIterations: 5000, tolerance: 1e-6, algorithm: algorithm)
        if let threads { options.threads = threads }
        let encoder = try CSCEncoder(kernels: kernels, options: options)
        let result = try encoder.encode(image)
        let op = try encoder.convolutionOperator(height: image.height, width: image.width)
        let kkt = op.optimality(image: image, maps: result.maps, lambda: lambda)
        #expect(kkt.maxViolation < 0.02 * Double(lambda), "\(what): \(kkt)")
        #expect(result.nonZeros > 0 && result.nonZeros < result.maps.values.count, "\(what)")
        let energy = op.energy(image: image, maps: result.maps, lambda: lambda)
        #expect(abs(energy.total - result.energy.total) <= 1e-4 * energy.total, "\(what): \(energy.total) vs \(result.energy.total)")
        return (result, op)
    }

    /// Maps with about `density` of their values non-zero (Gaussian), the rest zero.
    static func sparseStack(_ planes: Int, _ height: Int, _ width: Int, density: Double, seed: UInt64) -> PlaneStack {
        var generator = SeededGenerator(seed: seed)
        let values = (0..<(planes * height * width)).map { _ -> Float in
            generator.unit() < density ? Float(generator.gaussian()) : 0
        }
        return PlaneStack(planes: planes, height: height, width: width, values: values)
    }

    /// Σ_m K_m * Z_m by the definition, a direct circular loop (independent of the DFT).
    static func naiveReconstruction(_ kernels: ConvolutionKernels, _ maps: PlaneStack) -> PlaneStack {
        let (h, w) = (maps.height, maps.width)
        var out = [Double](repeating: 0, count: kernels.channels * h * w)
        for m in 0..<kernels.count {
            for c in 0..<kernels.channels {
                for y in 0..<h {
                    for x in 0..<w {
                        var sum = 0.0
                        for i in 0..<kernels.height {
                            for j in 0..<kernels.width {
                                let k = kernels.values[((m * kernels.channels + c) * kernels.height + i) * kernels.width + j]
                                let z = maps.values[(m * h + (y - i + h) % h) * w + (x - j + w) % w]
                                sum += Double(k) * Double(z)
                            }
                        }
                        out[(c * h + y) * w + x] += sum
                    }
                }
            }
        }
        return PlaneStack(planes: kernels.channels, height: h, width: w, values: out.map { Float($0) })
    }

    static func inner(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// PSNR in dB of `b` against `a`, peak = the range of `a`.
    static func psnr(_ a: [Float], _ b: [Float]) -> Double {
        let mse = zip(a, b).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / Double(a.count)
        let peak = Double(a.max()! - a.min()!)
        return 10 * log10(peak * peak / mse)
    }
}
