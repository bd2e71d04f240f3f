import ConvolutionalCoding
import Testing

/// Tiled encoding: the bands tile the image exactly, and the maps they make up code the whole
/// image about as well as encoding it at once.
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
        let (tiledL1, wholeL1) = (assembled.values.reduce(0) { $0 + abs($1) }, whole.maps.values.reduce(0) { $0 + abs($1) })
        #expect(abs(tiledL1 - wholeL1) <= 0.2 * wholeL1, "‖Z‖₁ tiled \(tiledL1), whole \(wholeL1)")
    }
}
