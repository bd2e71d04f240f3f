import Foundation
import Testing
import TensorCore
@testable import EnergyModels

/// Langevin on a Gaussian energy, where the discrete chain's stationary law is known exactly.
@Suite struct LangevinSamplerTests {
    /// E(y) = |y|²/(2s²): a step is y ← a·y + √ε·ξ with a = 1 − ε/(2s²), an AR(1) chain whose
    /// stationary variance is ε/(1 − a²) (→ s² as ε → 0). Many chains, many steps: the sample
    /// variance is within 4 standard errors of that, the mean within 4 of 0.
    @Test func aGaussianEnergyGivesTheChainsStationaryVariance() {
        let s: Float = 0.7, epsilon: Float = 0.05
        let sampler = LangevinSampler(stepSize: epsilon, steps: 400)
        let rows = 4000
        var generator = SeededGenerator(seed: 9)
        let start = [Float](repeating: 3, count: rows)
        let samples = sampler.run(from: start, rows: rows, gradient: { y, _ in y.map { $0 / (s * s) } }, generator: &generator)
        let a = 1 - Double(epsilon) / (2 * Double(s * s))
        let expected = Double(epsilon) / (1 - a * a)
        let mean = samples.reduce(0.0) { $0 + Double($1) } / Double(rows)
        let variance = samples.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(rows - 1)
        #expect(abs(mean) <= 4 * (expected / Double(rows)).squareRoot())
        #expect(abs(variance - expected) <= 4 * expected * (2 / Double(rows)).squareRoot(), "variance \(variance), expected \(expected)")
    }

    @Test func zeroStepsLeaveThePointsAndTheSameSeedRepeats() {
        var first = SeededGenerator(seed: 1), second = SeededGenerator(seed: 1)
        let start: [Float] = [1, 2, 3, 4]
        #expect(LangevinSampler(stepSize: 0.1, steps: 0).run(from: start, rows: 2, gradient: { y, _ in y }, generator: &first) == start)
        let sampler = LangevinSampler(stepSize: 0.1, steps: 5)
        // Zero steps drew nothing, so both generators are where they started.
        let once = sampler.run(from: start, rows: 2, gradient: { y, _ in y }, generator: &first)
        let again = sampler.run(from: start, rows: 2, gradient: { y, _ in y }, generator: &second)
        #expect(once == again && once != start)
    }
}
