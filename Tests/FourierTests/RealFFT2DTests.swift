import Fourier
import KernelSupport
import Testing

/// The fast transforms against the direct sums of `NaiveDFT`, and their identities.
@Suite struct RealFFT2DTests {
    static let sizes: [(Int, Int)] = [
        (1, 1), (1, 2), (1, 7), (1, 16), (1, 97), (2, 1), (7, 1), (16, 1), (101, 1),
        (7, 7), (11, 13), (13, 11), (17, 17), (97, 4), (4, 101), (3, 97), (101, 6),
        (9, 15), (25, 21), (45, 27), (15, 49),
        (2, 2), (4, 8), (8, 4), (16, 32), (64, 64), (128, 2),
        (105, 105), (30, 42), (12, 18), (35, 70), (210, 6), (6, 210),
        (34, 38), (19, 23), (26, 46), (8, 289), (289, 8),
    ]

    static func transform(_ x: [Float], _ plan: RealFFT2D) -> (re: [Float], im: [Float]) {
        var re = [Float](repeating: .nan, count: plan.spectrumCount), im = re
        plan.forward(x, real: &re, imaginary: &im, scratch: plan.makeScratch())
        return (re, im)
    }

    /// Every instruction-set path the processor supports (one source compiled per path).
    @Test(arguments: sizes) func forwardMatchesNaiveDFT(size: (Int, Int)) {
        let (height, width) = size
        for path in RealFFT2D.supportedPaths {
            let plan = RealFFT2D(height: height, width: width, path: path)
            #expect(plan.spectrumWidth == width / 2 + 1 && plan.spectrumCount == height * (width / 2 + 1))
            for seed in 1...2 {
                let x = randomArray(height * width, seed: UInt64(seed * 1000 + height * 7 + width))
                let (re, im) = Self.transform(x, plan)
                let expected = NaiveDFT.forward(x, height: height, width: width)
                let error = relativeError((re + im).map(Double.init), expected.re + expected.im)
                #expect(error < 1e-5, "\(height)x\(width), \(path): relative error \(error)")
            }
        }
    }

    @Test(arguments: sizes) func inverseMatchesNaiveInverse(size: (Int, Int)) {
        for path in RealFFT2D.supportedPaths { inverseMatchesNaiveInverse(size: size, path: path) }
    }

    @Test func thePathsAreThoseOfTheProcessorAndTheDefaultIsTheActiveOne() {
        #expect(RealFFT2D.supportedPaths.contains(.portable))
        #expect(RealFFT2D.supportedPaths.contains(RealFFT2D.activePath))
        #expect(RealFFT2D(height: 4, width: 6).path == RealFFT2D.activePath)
    }

    func inverseMatchesNaiveInverse(size: (Int, Int), path: KernelPath) {
        let (height, width) = size
        let plan = RealFFT2D(height: height, width: width, path: path)
        // An arbitrary half spectrum, not necessarily one a real array has: the imaginary parts
        // of the self-conjugate bins must be ignored, as numpy.fft.irfft2 does.
        let re = randomArray(plan.spectrumCount, seed: UInt64(height * 31 + width))
        let im = randomArray(plan.spectrumCount, seed: UInt64(height * 37 + width + 5))
        let (reCopy, imCopy) = (re, im)
        var output = [Float](repeating: .nan, count: height * width)
        plan.inverse(real: re, imaginary: im, output: &output, scratch: plan.makeScratch())
        let expected = NaiveDFT.inverse(re: re, im: im, height: height, width: width)
        let error = relativeError(output.map(Double.init), expected)
        #expect(error < 1e-5, "\(height)x\(width), \(path): relative error \(error)")
        #expect(re == reCopy && im == imCopy, "the inverse modified its input")
    }

    /// Sizes too large for the naive sums over every bin: a few bins, summed over the array.
    @Test(arguments: [(256, 256), (480, 720), (127, 509), (1, 4099), (243, 250)])
    func largeSizesMatchNaiveBins(size: (Int, Int)) {
        let (height, width) = size
        let plan = RealFFT2D(height: height, width: width)
        let x = randomArray(height * width, seed: UInt64(height + width))
        let (re, im) = Self.transform(x, plan)
        var norm = 0.0
        for l in 0..<plan.spectrumCount { norm += Double(re[l] * re[l] + im[l] * im[l]) }
        let bins = [(0, 0), (1, 1), (height - 1, plan.spectrumWidth - 1), (height / 2, width / 2),
                    (height / 3, width / 5), (7 % height, 3 % plan.spectrumWidth)]
        for (row, column) in bins {
            let (k, l) = (row % height, column % plan.spectrumWidth)
            let expected = NaiveDFT.bin(x, height: height, width: width, k: k, l: l)
            let index = k * plan.spectrumWidth + l
            let error = max(abs(Double(re[index]) - expected.re), abs(Double(im[index]) - expected.im))
            // Against the spectrum's root-mean-square bin: float rounding grows like log(HW).
            #expect(error < 1e-5 * (norm / Double(plan.spectrumCount)).squareRoot() * 10,
                    "\(height)x\(width) bin (\(k), \(l)): error \(error)")
        }
    }

    @Test(arguments: sizes + [(256, 256), (480, 720), (127, 509), (1, 4099), (512, 512)])
    func inverseUndoesForwardAndParsevalHolds(size: (Int, Int)) {
        let (height, width) = size
        let plan = RealFFT2D(height: height, width: width)
        let scratch = plan.makeScratch()
        let x = randomArray(height * width, seed: UInt64(3 * height + width))
        var re = [Float](repeating: 0, count: plan.spectrumCount), im = re
        plan.forward(x, real: &re, imaginary: &im, scratch: scratch)
        var back = [Float](repeating: .nan, count: height * width)
        plan.inverse(real: re, imaginary: im, output: &back, scratch: scratch)
        let error = relativeError(back.map(Double.init), x.map(Double.init))
        #expect(error < 1e-5, "\(height)x\(width): round trip error \(error)")
        // Σ x² = (1 / HW) Σ over the full spectrum |X|²: the half spectrum's columns that stand
        // for a mirrored column too count twice.
        var energy = 0.0
        for k in 0..<height {
            for l in 0..<plan.spectrumWidth {
                let weight = (l == 0 || (width % 2 == 0 && l == width / 2)) ? 1.0 : 2.0
                let index = k * plan.spectrumWidth + l
                energy += weight * Double(re[index] * re[index] + im[index] * im[index])
            }
        }
        let signal = x.reduce(0.0) { $0 + Double($1 * $1) }
        #expect(abs(energy / Double(height * width) - signal) < 1e-5 * signal, "\(height)x\(width): Parseval")
    }

    /// A plan is shared and a scratch reused: results do not depend on earlier calls.
    @Test func scratchReuseAndSharedPlanGiveIdenticalResults() async {
        let plan = RealFFT2D(height: 37, width: 50)
        let scratch = plan.makeScratch()
        let first = randomArray(37 * 50, seed: 1), second = randomArray(37 * 50, seed: 2)
        var re1 = [Float](repeating: 0, count: plan.spectrumCount), im1 = re1
        plan.forward(first, real: &re1, imaginary: &im1, scratch: scratch)
        var re2 = re1, im2 = im1
        plan.forward(second, real: &re2, imaginary: &im2, scratch: scratch)
        var again = re1, againIm = im1
        plan.forward(first, real: &again, imaginary: &againIm, scratch: scratch)
        #expect(again == re1 && againIm == im1)
        let results = await withTaskGroup(of: [Float].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var re = [Float](repeating: 0, count: plan.spectrumCount), im = re
                    plan.forward(first, real: &re, imaginary: &im, scratch: plan.makeScratch())
                    return re + im
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == re1 + im1 })
    }
}

@Suite struct FastSizeTests {
    /// Checked against a brute-force search written here: the first even (or 1) number ≥ n
    /// with no prime factor above 5.
    @Test func fastSizeIsTheSmallestEvenFiveSmoothSize() {
        func isPrime(_ p: Int) -> Bool { p >= 2 && (2..<p).allSatisfy { p % $0 != 0 } }
        func largestPrimeFactor(_ m: Int) -> Int { (1...m).filter { m % $0 == 0 && isPrime($0) }.max() ?? 1 }
        #expect(RealFFT2D.fastSize(atLeast: 1) == 1)
        for n in 2...400 {
            let expected = (n...).first { $0 % 2 == 0 && largestPrimeFactor($0) <= 5 }!
            #expect(RealFFT2D.fastSize(atLeast: n) == expected, "n = \(n)")
        }
        #expect(RealFFT2D.fastSize(atLeast: 4001) == 4050)
        #expect(RealFFT2D.fastSize(atLeast: 721) == 750)
    }
}
