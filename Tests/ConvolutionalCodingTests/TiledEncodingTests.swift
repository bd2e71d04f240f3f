@testable import ConvolutionalCoding
import Testing

/// Tiled encoding: the bands tile the image exactly, the maps they make up code the whole
/// image about as well as encoding it at once, and the energy reported is that of the stitched
/// maps on the whole image (computed here with the whole-image operator).
struct TiledEncodingTests {
    @Test(arguments: [1, 3])
    func bandsCoverTheImageAndCodeItWell(channels: Int) throws {
        let kernels = try ConvolutionKernels.random(count: 2 * channels + 2, channels: channels, height: 3, width: 3, seed: 61)
        // A smooth-ish image: sums of a few random kernels' worth of sparse structure.
        let image = TestData.naiveReconstruction(kernels, TestData.sparseStack(kernels.count, 65, 59, density: 0.1, seed: 62))
        let encoder = try CSCEncoder(kernels: kernels, options: CSCEncoderOptions(lambda: 0.01, maxIterations: 400, tolerance: 1e-4))
        var assembled = PlaneStack(planes: kernels.count, height: 65, width: 59)
        var nextRow = 0
        let summary = try encoder.encodeInTiles(image, tileSize: 32) { band in
            #expect(band.firstRow == nextRow && band.maps.width == 59 && band.maps.planes == kernels.count)
            for plane in 0..<kernels.count {
                for y in 0..<band.maps.height {
                    for x in 0..<59 {
                        assembled.values[(plane * 65 + band.firstRow + y) * 59 + x] = band.maps.values[(plane * band.maps.height + y) * 59 + x]
                    }
                }
            }
            nextRow += band.maps.height
        }
        #expect(nextRow == 65 && summary.tiles > 4)
        #expect(summary.nonZeros == assembled.values.filter { $0 != 0 }.count)
        // Compared away from the image's border, where the whole-image coding uses the circular
        // wrap that tiles cannot see (the test image is circular).
        let op = try encoder.convolutionOperator(height: 65, width: 59)
        let whole = try encoder.encode(image)
        func interiorHalfNorm(_ values: [Float]) -> Double {
            var sum = 0.0
            for c in 0..<channels { for y in 6..<59 { for x in 6..<53 {
                sum += Double(values[(c * 65 + y) * 59 + x]) * Double(values[(c * 65 + y) * 59 + x])
            } } }
            return sum / 2
        }
        func interiorError(_ maps: PlaneStack) -> Double {
            interiorHalfNorm(zip(op.reconstruct(maps).values, image.values).map { $0 - $1 })
        }
        // Both explain at least 99% of the interior's energy; the tiled maps are about as sparse.
        let signal = interiorHalfNorm(image.values)
        let (tiledError, wholeError) = (interiorError(assembled), interiorError(whole.maps))
        #expect(tiledError <= 0.01 * signal && wholeError <= 0.01 * signal, "tiled \(tiledError), whole \(wholeError), signal \(signal)")
        // The test image is circular, which tiles cannot use at the image's edge (maps that would
        // wrap are zero); against the whole image coded without the wrap, they lose little.
        let fenced = try encoder.encode(image, warmStart: nil, support: MapSupport(height: 65, width: 59, freeRows: 63, freeColumns: 57))
        #expect(summary.energy.total <= 1.05 * fenced.energy.total, "tiled \(summary.energy), whole without wrap \(fenced.energy)")
    }

    /// Sizes (H, W) and a tile size: tiled in both dimensions, in height only, in width only.
    static let layouts: [(height: Int, width: Int, tile: Int)] = [(70, 59, 24), (70, 20, 24), (19, 75, 24)]

    @Test(arguments: [(CSCAlgorithm.admm, 1), (.fista, 1), (.admm, 3)])
    func reportedEnergyIsTheStitchedMapsEnergy(algorithm: CSCAlgorithm, channels: Int) throws {
        // Kernels of 4 rows and 3 columns, so that a row/column mix-up shows.
        let kernels = try ConvolutionKernels.random(count: 3, channels: channels, height: 4, width: 3, seed: 71)
        for (index, layout) in Self.layouts.enumerated() {
            let (h, w) = (layout.height, layout.width)
            let image = TestData.stack(channels, h, w, seed: 72 + UInt64(index))
            let lambda: Float = 0.1
            let encoder = try CSCEncoder(kernels: kernels, options: CSCEncoderOptions(
                lambda: lambda, maxIterations: 300, tolerance: 1e-4, algorithm: algorithm))
            var stitched = PlaneStack(planes: 3, height: h, width: w)
            let summary = try encoder.encodeInTiles(image, tileSize: layout.tile) { band in
                for plane in 0..<3 {
                    for y in 0..<band.maps.height {
                        for x in 0..<w {
                            stitched.values[(plane * h + band.firstRow + y) * w + x] = band.maps.values[(plane * band.maps.height + y) * w + x]
                        }
                    }
                }
            }
            let context = "\(algorithm) C=\(channels) \(h)x\(w)"
            #expect(summary.tiles > 1, "\(context)")
            // The whole-image circular operator on the stitched maps, as csc-reconstruct would use it.
            let op = try ConvolutionOperator(kernels: kernels, height: h, width: w, threads: 1)
            let energy = op.energy(image: image, maps: stitched, lambda: lambda)
            #expect(abs(summary.energy.total - energy.total) <= 1e-4 * energy.total, "\(context): reported \(summary.energy), stitched \(energy)")
            #expect(abs(summary.energy.dataTerm - energy.dataTerm) <= 1e-4 * energy.dataTerm, "\(context)")
            #expect(summary.nonZeros == stitched.values.filter { $0 != 0 }.count && summary.nonZeros > 0, "\(context)")
            // Tiled in height: the last 3 rows of maps would wrap to the top, they are zero; in
            // width, the last 2 columns. A dimension one tile spans keeps the circular wrap.
            let zeroRows = h > layout.tile ? 3 : 0, zeroColumns = w > layout.tile ? 2 : 0
            var masked = 0.0
            for plane in 0..<3 {
                for y in 0..<h {
                    for x in 0..<w where y >= h - zeroRows || x >= w - zeroColumns {
                        masked += Double(abs(stitched.values[(plane * h + y) * w + x]))
                    }
                }
            }
            #expect(masked == 0, "\(context): maps that would wrap are not zero")
            // The stitched code is nearly as good as the whole-image one (random image, few pixels per tile).
            // The stitched code is nearly as good as the whole image's coded without the circular
            // wrap, whose maps it could be (measured: 0.01–0.35% more energy; 3–16% more than with
            // the wrap, which the image's first rows and columns lose).
            let fenced = try encoder.encode(image, warmStart: nil, support: MapSupport(height: h, width: w, freeRows: h - zeroRows, freeColumns: w - zeroColumns))
            #expect(energy.total <= 1.02 * fenced.energy.total && energy.total >= 0.999 * fenced.energy.total,
                    "\(context): tiled \(energy.total), whole without wrap \(fenced.energy.total)")
        }
    }

    @Test(arguments: CSCAlgorithm.allCases)
    func supportHoldsMapsAtZeroAndTheRestOptimal(algorithm: CSCAlgorithm) throws {
        let kernels = try ConvolutionKernels.random(count: 3, channels: 1, height: 3, width: 4, seed: 81)
        let image = TestData.stack(1, 14, 16, seed: 82)
        let lambda: Float = 0.2
        let encoder = try CSCEncoder(kernels: kernels, options: CSCEncoderOptions(
            lambda: lambda, maxIterations: 5000, tolerance: 1e-6, algorithm: algorithm))
        let support = MapSupport(height: 14, width: 16, freeRows: 12, freeColumns: 13)
        let result = try encoder.encode(image, warmStart: nil, support: support)
        // Off the support: zero. On it: the optimality conditions of the energy restricted to it.
        let op = try encoder.convolutionOperator(height: 14, width: 16)
        var residual = op.reconstruct(result.maps)
        for k in residual.values.indices { residual.values[k] -= image.values[k] }
        let gradient = op.adjoint(residual)
        var worst = 0.0
        for plane in 0..<3 {
            for y in 0..<14 {
                for x in 0..<16 {
                    let k = (plane * 14 + y) * 16 + x
                    let (z, g) = (Double(result.maps.values[k]), Double(gradient.values[k]))
                    if y >= 12 || x >= 13 {
                        #expect(z == 0, "\(algorithm): map \(plane) at (\(y), \(x)) is \(z)")
                    } else {
                        worst = max(worst, z != 0 ? abs(g + Double(lambda) * (z > 0 ? 1 : -1)) : max(abs(g) - Double(lambda), 0))
                    }
                }
            }
        }
        #expect(worst < 0.02 * Double(lambda), "\(algorithm): largest violation \(worst)")
        #expect(result.nonZeros > 0)
        let energy = op.energy(image: image, maps: result.maps, lambda: lambda)
        #expect(abs(energy.total - result.energy.total) <= 1e-4 * energy.total)
    }
}
