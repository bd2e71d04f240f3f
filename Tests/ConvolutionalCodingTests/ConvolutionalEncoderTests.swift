import ConvolutionalCoding
import TensorCore
import Testing

/// The convolutional encoder checked against an independent Double forward pass by direct
/// circular loops (no FFT): K ISTA steps when untrained, finite differences for the gradient.
struct ConvolutionalEncoderTests {
    /// The parameters of an encoder in Double, with a direct forward pass of its recurrence.
    struct NaiveEncoder {
        var analysis: [Double], synthesis: [Double], thresholds: [Double]
        let depth: Int, count: Int, channels: Int, height: Int, width: Int

        init(_ encoder: ConvolutionalEncoder) {
            analysis = encoder.analysis.map(Double.init)
            synthesis = encoder.synthesis.map(Double.init)
            thresholds = encoder.thresholds.map(Double.init)
            (depth, count, channels, height, width) = (encoder.depth, encoder.count, encoder.channels, encoder.height, encoder.width)
        }

        /// (K ⋆ X)_m[y, x] = Σ_{c,i,j} K_{m,c}[i, j] X_c[y + i, x + j] (circular).
        func correlate(_ filters: [Double], _ image: [Double], h: Int, w: Int) -> [Double] {
            var out = [Double](repeating: 0, count: count * h * w)
            for m in 0..<count {
                for y in 0..<h {
                    for x in 0..<w {
                        var sum = 0.0
                        for c in 0..<channels {
                            for i in 0..<height {
                                for j in 0..<width {
                                    sum += filters[((m * channels + c) * height + i) * width + j] * image[(c * h + (y + i) % h) * w + (x + j) % w]
                                }
                            }
                        }
                        out[(m * h + y) * w + x] = sum
                    }
                }
            }
            return out
        }

        /// (Σ_m K_m * Z_m)_c[y, x] = Σ_{m,i,j} K_{m,c}[i, j] Z_m[y − i, x − j] (circular).
        func convolve(_ filters: [Double], _ maps: [Double], h: Int, w: Int) -> [Double] {
            var out = [Double](repeating: 0, count: channels * h * w)
            for c in 0..<channels {
                for y in 0..<h {
                    for x in 0..<w {
                        var sum = 0.0
                        for m in 0..<count {
                            for i in 0..<height {
                                for j in 0..<width {
                                    sum += filters[((m * channels + c) * height + i) * width + j] * maps[(m * h + (y - i + h) % h) * w + (x - j + w) % w]
                                }
                            }
                        }
                        out[(c * h + y) * w + x] = sum
                    }
                }
            }
            return out
        }

        func shrink(_ maps: [Double], h: Int, w: Int) -> [Double] {
            maps.enumerated().map { k, v in
                let t = thresholds[k / (h * w)]
                return v > t ? v - t : (v < -t ? v + t : 0)
            }
        }

        func encode(_ image: PlaneStack) -> [Double] {
            let (h, w) = (image.height, image.width)
            let y = image.values.map(Double.init)
            let drive = correlate(analysis, y, h: h, w: w)
            var z = shrink(drive, h: h, w: w)
            for _ in 1..<depth {
                let synthesised = convolve(synthesis, z, h: h, w: w)
                let correction = correlate(analysis, zip(y, synthesised).map { $0 - $1 }, h: h, w: w)
                z = shrink((0..<z.count).map { z[$0] + correction[$0] }, h: h, w: w)
            }
            return z
        }

        func loss(_ images: [PlaneStack], _ targets: [PlaneStack]) -> Double {
            var sum = 0.0
            for (image, target) in zip(images, targets) {
                for (z, t) in zip(encode(image), target.values) { sum += 0.5 * (z - Double(t)) * (z - Double(t)) }
            }
            return sum / Double(images.count * images[0].planeSize)
        }
    }

    /// K steps of ISTA from zero, Z ← h_{λ/L}(Z − Dᵀ(D * Z − Y)/L), by direct loops in Double.
    static func naiveISTA(_ kernels: ConvolutionKernels, _ image: PlaneStack, lambda: Double, lipschitz: Double, steps: Int) -> [Double] {
        let (h, w) = (image.height, image.width)
        let naive = NaiveEncoder(ConvolutionalEncoder(kernels: kernels, lambda: 0, depth: 1, lipschitz: 1))  // D itself, for its loops
        let y = image.values.map(Double.init)
        var z = [Double](repeating: 0, count: kernels.count * h * w)
        let d = kernels.values.map(Double.init)
        let t = lambda / lipschitz
        for _ in 0..<steps {
            let residual = zip(naive.convolve(d, z, h: h, w: w), y).map { $0 - $1 }
            let gradient = naive.correlate(d, residual, h: h, w: w)
            z = (0..<z.count).map { k in
                let v = z[k] - gradient[k] / lipschitz
                return v > t ? v - t : (v < -t ? v + t : 0)
            }
        }
        return z
    }

    @Test(arguments: [1, 2, 5])
    func untrainedEncoderIsISTA(depth: Int) throws {
        for channels in [1, 3] {
            let kernels = try ConvolutionKernels.random(count: 3, channels: channels, height: 4, width: 3, seed: 51)
            let image = TestData.stack(channels, 11, 9, seed: 52)
            let lipschitz = try ConvolutionOperator(kernels: kernels, height: 11, width: 9).lipschitz * 1.1
            let lambda: Float = 0.3
            let encoder = ConvolutionalEncoder(kernels: kernels, lambda: lambda, depth: depth, lipschitz: lipschitz)
            let maps = try encoder.encode(image)
            let expected = Self.naiveISTA(kernels, image, lambda: Double(lambda), lipschitz: Double(lipschitz), steps: depth)
            let scale = expected.map(abs).max()!
            let worst = zip(maps.values, expected).map { abs(Double($0) - $1) }.max()!
            #expect(scale > 0.05, "depth \(depth) C=\(channels): the ISTA maps should not all vanish")
            #expect(expected.contains(0) && worst <= 1e-4 * scale, "depth \(depth) C=\(channels): differs by \(worst) (scale \(scale))")
        }
    }

    @Test(arguments: [1, 3])
    func gradientMatchesFiniteDifferences(depth: Int) throws {
        for channels in [1, 3] {
            let kernels = try ConvolutionKernels.random(count: 2, channels: channels, height: 3, width: 3, seed: 61)
            var encoder = try ConvolutionalEncoder(kernels: kernels, lambda: 0.2, depth: depth)
            // Move every parameter off the ISTA start, so that no symmetry of it hides an error.
            var generator = SeededGenerator(seed: 62)
            encoder.analysis = encoder.analysis.map { $0 + 0.05 * Float(generator.gaussian()) }
            encoder.synthesis = encoder.synthesis.map { $0 + 0.1 * Float(generator.gaussian()) }
            encoder.thresholds = encoder.thresholds.map { $0 * Float(1 + 0.3 * generator.unit()) }
            let images = [TestData.stack(channels, 8, 7, seed: 63), TestData.stack(channels, 8, 7, seed: 64)]
            let targets = [TestData.sparseStack(2, 8, 7, density: 0.3, seed: 65), TestData.sparseStack(2, 8, 7, density: 0.3, seed: 66)]
            let (loss, gradient) = encoder.lossAndGradient(images, targets: targets, operators: try encoder.operators(height: 8, width: 7))
            let naive = NaiveEncoder(encoder)
            #expect(abs(loss - naive.loss(images, targets)) <= 1e-4 * loss, "C=\(channels) K=\(depth): loss \(loss) vs \(naive.loss(images, targets))")

            let step = 1e-5
            func difference(_ change: (inout NaiveEncoder, Double) -> Void) -> Double {
                var plus = naive, minus = naive
                change(&plus, step)
                change(&minus, -step)
                return (plus.loss(images, targets) - minus.loss(images, targets)) / (2 * step)
            }
            var checks: [(String, Float, Double)] = []
            for k in stride(from: 0, to: encoder.filterValues, by: 5) {
                checks.append(("analysis[\(k)]", gradient.analysis[k], difference { $0.analysis[k] += $1 }))
                checks.append(("synthesis[\(k)]", gradient.synthesis[k], difference { $0.synthesis[k] += $1 }))
            }
            for m in 0..<encoder.count {
                checks.append(("thresholds[\(m)]", gradient.thresholds[m], difference { $0.thresholds[m] += $1 }))
            }
            let scale = checks.map { abs($0.2) }.max()!
            #expect(scale > 1e-3)
            for (name, analytic, numeric) in checks {
                #expect(abs(Double(analytic) - numeric) <= 1e-3 * scale + 1e-3 * abs(numeric),
                        "C=\(channels) K=\(depth) \(name): backpropagation \(analytic), finite differences \(numeric)")
            }
            // At depth 1 the synthesis filters are unused: their gradient is exactly zero.
            if depth == 1 { #expect(gradient.synthesis.allSatisfy { $0 == 0 }) }
        }
    }

    @Test(arguments: [1, 3])
    func trainedEncoderMatchesTheDirectLoopForward(depth: Int) throws {
        for channels in [1, 3] {
            let kernels = try ConvolutionKernels.random(count: 3, channels: channels, height: 4, width: 5, seed: 91)
            var encoder = try ConvolutionalEncoder(kernels: kernels, lambda: 0.2, depth: depth)
            var generator = SeededGenerator(seed: 92)
            encoder.analysis = encoder.analysis.map { $0 + 0.05 * Float(generator.gaussian()) }
            encoder.synthesis = encoder.synthesis.map { $0 + 0.1 * Float(generator.gaussian()) }
            let image = TestData.stack(channels, 13, 11, seed: 93)
            let maps = try encoder.encode(image, threads: 2)
            let expected = NaiveEncoder(encoder).encode(image)
            let scale = expected.map(abs).max()!
            let worst = zip(maps.values, expected).map { abs(Double($0) - $1) }.max()!
            #expect(scale > 0.05 && worst <= 1e-4 * scale, "C=\(channels) K=\(depth): differs by \(worst) (scale \(scale))")
        }
    }

    /// Smooth random images (so a few kernels code them sparsely), seeded.
    static func images(_ count: Int, size: Int, seed: UInt64) -> [PlaneStack] {
        (0..<count).map { n in
            let noise = TestData.stack(1, size, size, seed: seed &+ UInt64(n))
            var out = noise
            for y in 0..<size {
                for x in 0..<size {
                    out.values[y * size + x] = (0..<3).reduce(0) { $0 + noise.values[y * size + (x + $1) % size] }
                }
            }
            return out
        }
    }

    @Test func trainingIsDeterministicAndLowersTheHeldOutError() throws {
        let kernels = try ConvolutionKernels.random(count: 3, channels: 1, height: 4, width: 4, seed: 71)
        let options = ConvolutionalEncoderTraining.Options(
            depth: 2, epochs: 10, learningRate: 0.3, batchSize: 2, holdout: 2, crop: 16, seed: 5,
            solver: CSCEncoderOptions(lambda: 0.3, maxIterations: 500, tolerance: 1e-5))
        func train(seed: UInt64) throws -> ConvolutionalEncoderTraining {
            var o = options
            o.seed = seed
            var run = try ConvolutionalEncoderTraining(images: Self.images(2, size: 32, seed: 72), kernels: kernels, options: o)
            try run.run(seconds: { 0 }) { _ in }
            return run
        }
        let first = try train(seed: 5), second = try train(seed: 5), other = try train(seed: 6)
        #expect(first.encoder == second.encoder)
        #expect(first.encoder != other.encoder)
        #expect(first.trainingCrops == 6)
        let before = try #require(first.untrainedError), after = try #require(try first.heldOutError())
        #expect(after < 0.8 * before, "held-out code error \(before) untrained, \(after) trained")
    }

    @Test func refusesWhatItCannotUse() throws {
        let kernels = try ConvolutionKernels.random(count: 2, channels: 1, height: 4, width: 4, seed: 81)
        let solver = CSCEncoderOptions(lambda: 0.3)
        #expect(throws: ConvolutionalCodingError.self) {
            try ConvolutionalEncoderTraining(images: [TestData.stack(3, 32, 32, seed: 1)], kernels: kernels,
                                             options: .init(depth: 1, crop: 16, solver: solver))
        }
        #expect(throws: ConvolutionalCodingError.self) {
            try ConvolutionalEncoderTraining(images: [TestData.stack(1, 32, 32, seed: 1)], kernels: kernels,
                                             options: .init(depth: 1, holdout: 4, crop: 16, solver: solver))
        }
        #expect(throws: ConvolutionalCodingError.self) {
            try ConvolutionalEncoder(kernels: kernels, lambda: 0.1, depth: 1).encode(TestData.stack(3, 16, 16, seed: 2))
        }
        #expect(throws: ConvolutionalCodingError.self) {
            try ConvolutionalEncoder(analysis: [.nan], synthesis: [0], thresholds: [0], depth: 1, count: 1, channels: 1, height: 1, width: 1)
        }
    }
}
