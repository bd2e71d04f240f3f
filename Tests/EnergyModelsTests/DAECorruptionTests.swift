import Testing
import TensorCore
@testable import EnergyModels

/// Corruption: parsing the flag's text, and the statistics of each kind against its definition.
@Suite struct DAECorruptionTests {
    @Test func parsesTheFlagForms() throws {
        #expect(try Corruption(parsing: "gaussian:0.3") == .gaussian(standardDeviation: 0.3))
        #expect(try Corruption(parsing: "mask:0.25") == .mask(probability: 0.25))
        #expect(try Corruption(parsing: "saltpepper:0.1") == .saltAndPepper(probability: 0.1))
        #expect(try Corruption(parsing: "salt-pepper:0.1") == .saltAndPepper(probability: 0.1))
        for corruption in [Corruption.gaussian(standardDeviation: 0.5), .mask(probability: 0.2), .saltAndPepper(probability: 0.05)] {
            #expect(try Corruption(parsing: corruption.description) == corruption)
        }
    }

    @Test(arguments: ["gaussian", "gaussian:", "gaussian:abc", "blur:0.2", "gaussian:-0.1", "gaussian:nan", "gaussian:inf",
                      "mask:1", "mask:-0.1", "saltpepper:1.5", ""])
    func rejectsBadText(_ text: String) {
        #expect(throws: DenoisingAutoEncoderError.self) { try Corruption(parsing: text) }
    }

    @Test func errorsSayWhatIsWrong() {
        #expect(throws: DenoisingAutoEncoderError.invalidCorruption("unknown kind 'blur' (use gaussian, mask or saltpepper)")) {
            try Corruption(parsing: "blur:0.2")
        }
    }

    /// The masked fraction is p within 4 binomial standard deviations; unmasked values unchanged.
    @Test(arguments: [Float(0.1), 0.25, 0.5])
    func maskFraction(_ p: Float) {
        let count = 40_000
        var data = DAETestRows(seed: 1)
        let x = data.uniform(count, 0.1, 1)  // no zeros in the input
        var generator = SeededGenerator(seed: 2)
        let y = Corruption.mask(probability: p).apply(to: x, generator: &generator)
        var masked = 0
        for (a, b) in zip(x, y) {
            if b == 0 { masked += 1 } else { #expect(a == b) }
        }
        let expected = Double(p) * Double(count), sd = (Double(count) * Double(p) * Double(1 - p)).squareRoot()
        #expect(abs(Double(masked) - expected) <= 4 * sd, "masked \(masked), expected \(expected) ± \(sd)")
    }

    /// The residual x̃ − x has mean 0 and standard deviation σ within sampling error.
    @Test(arguments: [Float(0.1), 0.3, 1])
    func gaussianResidual(_ sigma: Float) {
        let count = 40_000
        var data = DAETestRows(seed: 3)
        let x = data.uniform(count, -1, 1)
        var generator = SeededGenerator(seed: 4)
        let y = Corruption.gaussian(standardDeviation: sigma).apply(to: x, generator: &generator)
        let residuals = zip(y, x).map { Double($0) - Double($1) }
        let mean = residuals.reduce(0, +) / Double(count)
        let variance = residuals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
        let s = Double(sigma)
        #expect(abs(mean) <= 4 * s / Double(count).squareRoot(), "mean \(mean)")
        // sd of the sample variance of a normal: σ²·√(2/(n−1)).
        #expect(abs(variance - s * s) <= 4 * s * s * (2 / Double(count - 1)).squareRoot(), "variance \(variance), σ² \(s * s)")
    }

    /// Changed values are only 0 or 1, about p of them are set, and salt and pepper are
    /// balanced (about half each).
    @Test func saltAndPepperValues() {
        let count = 40_000, p = 0.2
        var data = DAETestRows(seed: 5)
        let x = data.uniform(count, 0.01, 0.99)  // neither 0 nor 1 in the input
        var generator = SeededGenerator(seed: 6)
        let y = Corruption.saltAndPepper(probability: Float(p)).apply(to: x, generator: &generator)
        var zeros = 0, ones = 0
        for (a, b) in zip(x, y) where a != b {
            #expect(b == 0 || b == 1, "changed to \(b)")
            if b == 0 { zeros += 1 } else if b == 1 { ones += 1 }
        }
        let changed = Double(zeros + ones)
        let sd = (Double(count) * p * (1 - p)).squareRoot()
        #expect(abs(changed - p * Double(count)) <= 4 * sd, "changed \(changed)")
        #expect(abs(Double(zeros) - changed / 2) <= 4 * (changed / 4).squareRoot(), "zeros \(zeros), ones \(ones)")
    }

    @Test func sameSeedSameBytes() {
        var data = DAETestRows(seed: 7)
        let x = data.uniform(500)
        for corruption in [Corruption.gaussian(standardDeviation: 0.3), .mask(probability: 0.3), .saltAndPepper(probability: 0.3)] {
            var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9), c = SeededGenerator(seed: 10)
            let first = corruption.apply(to: x, generator: &a)
            #expect(first == corruption.apply(to: x, generator: &b))
            #expect(first != corruption.apply(to: x, generator: &c))
        }
    }
}
