import Testing
@testable import ConvolutionalCoding

/// The Tikhonov low-pass against its defining equations, computed with a stencil (no FFT).
struct TikhonovLowPassTests {
    /// Values of a smooth-plus-noise plane from a small LCG.
    static func plane(height: Int, width: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<(height * width)).map { index in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Float(Int64(bitPattern: state >> 11) % 1000) / 4000
            return Float(index % width) / Float(width) + noise
        }
    }

    @Test("without padding, l + lambda (4 l - its four circular neighbours) = s at every pixel",
          arguments: [(7, 9), (8, 8), (5, 12)])
    func solvesTheNormalEquations(size: (Int, Int)) {
        let (height, width) = size
        let lambda = 5.0
        let s = Self.plane(height: height, width: width, seed: 3)
        let l = TikhonovLowPass(lambda: lambda, padding: 0).lowPass(s, height: height, width: width)
        func at(_ y: Int, _ x: Int) -> Double { Double(l[((y + height) % height) * width + (x + width) % width]) }
        var worst = 0.0
        for y in 0..<height {
            for x in 0..<width {
                let laplacian = 4 * at(y, x) - at(y - 1, x) - at(y + 1, x) - at(y, x - 1) - at(y, x + 1)
                worst = max(worst, abs(at(y, x) + lambda * laplacian - Double(s[y * width + x])))
            }
        }
        #expect(worst < 1e-4, "largest residual \(worst)")
    }

    @Test("symmetric padding repeats the edge sample, then mirrors, for any overhang")
    func mirroring() {
        // numpy.pad([0, 1, 2], 4, 'symmetric').tolist() == [2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0] (numpy 2.4)
        #expect((-4..<7).map { mirrored($0, count: 3) } == [2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0])
        #expect((-3..<3).map { mirrored($0, count: 1) } == [0, 0, 0, 0, 0, 0])
    }

    @Test("a constant plane is its own low-pass part; every plane of a stack is filtered alike")
    func constantAndStacks() {
        let flat = [Float](repeating: 0.25, count: 6 * 10)
        #expect(TikhonovLowPass(lambda: 10, padding: 16).lowPass(flat, height: 6, width: 10).allSatisfy { abs($0 - 0.25) < 1e-6 })
        let one = Self.plane(height: 6, width: 10, seed: 9)
        let filter = TikhonovLowPass(lambda: 5, padding: 4)
        let single = filter.lowPass(one, height: 6, width: 10)
        let stacked = filter.lowPass(flat + one, height: 6, width: 10)
        #expect(Array(stacked[60...]) == single)
    }
}
