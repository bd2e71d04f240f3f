import Testing
import TensorCore
@testable import VariationalCoding

/// The reparameterisation's ε: standard normal, seeded, any count.
@Suite struct NoiseTests {
    @Test func epsilonIsStandardNormal() {
        var generator = SeededGenerator(seed: 31)
        guard case let .samples(epsilon) = VAENoise.standardNormal(rows: 20_001, latent: 5, generator: &generator) else {
            Issue.record("no samples")
            return
        }
        #expect(epsilon.count == 100_005)
        let values = epsilon.map(Double.init), n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        // Standard errors: 1/√n ≈ 0.003 for the mean, √(2/n) ≈ 0.0045 for the variance.
        #expect(abs(mean) < 0.015)
        #expect(abs(variance - 1) < 0.025)
        // Φ(1) − Φ(−1) and Φ(2) − Φ(−2); standard errors ≈ 0.0015 and 0.0007.
        #expect(abs(Double(values.filter { abs($0) < 1 }.count) / n - 0.682_689) < 0.007)
        #expect(abs(Double(values.filter { abs($0) < 2 }.count) / n - 0.954_500) < 0.0035)
        // Odd halves of a pair are not correlated with the even ones.
        let pairs = stride(from: 0, to: values.count - 1, by: 2).map { values[$0] * values[$0 + 1] }
        #expect(abs(pairs.reduce(0, +) / Double(pairs.count)) < 0.02)

        var again = SeededGenerator(seed: 31)
        #expect(VAENoise.standardNormal(rows: 20_001, latent: 5, generator: &again) == .samples(epsilon))
    }
}
