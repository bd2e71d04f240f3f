import Testing
import TensorCore
@testable import EnergyModels

/// The conditionals p(h | v), p(v | h) against enumeration, and the samplers against them.
@Suite struct ConditionalTests {
    @Test(arguments: [UInt64(11), 12])
    func hiddenProbabilitiesMatchEnumeration(seed: UInt64) throws {
        let model = try randomRBM(visible: 4, hidden: 3, scale: 1.5, seed: seed)
        let reference = ReferenceRBM(model)
        var generator = SeededGenerator(seed: seed)
        let rows = ReferenceRBM.states(4) + (0..<4).map { _ in (0..<4).map { _ in Double(Float(generator.unit())) } }
        let p = model.hiddenProbabilities(rows.flatMap { $0.map(Float.init) }, rows: rows.count)
        for (r, row) in rows.enumerated() {
            for (j, expected) in reference.hiddenProbabilities(row).enumerated() {
                #expect(abs(Double(p[r * 3 + j]) - expected) <= 1e-6, "p(h\(j) = 1 | \(row))")
            }
        }
    }

    @Test(arguments: [UInt64(13), 14])
    func visibleProbabilitiesMatchEnumeration(seed: UInt64) throws {
        let model = try randomRBM(visible: 4, hidden: 3, scale: 1.5, seed: seed)
        let reference = ReferenceRBM(model)
        let rows = ReferenceRBM.states(3)
        let p = model.visibleMeans(rows.flatMap { $0.map(Float.init) }, rows: rows.count)
        for (r, row) in rows.enumerated() {
            for (i, expected) in reference.visibleProbabilities(row).enumerated() {
                #expect(abs(Double(p[r * 4 + i]) - expected) <= 1e-6, "p(v\(i) = 1 | \(row))")
            }
        }
    }

    @Test func bernoulliSamplesHaveTheirProbabilities() {
        let probabilities: [Float] = [0, 0.03, 0.5, 0.9, 1]
        let draws = 20_000
        var generator = SeededGenerator(seed: 5)
        var ones = [Double](repeating: 0, count: probabilities.count)
        var binary = true
        for _ in 0..<draws {
            let s = sampleBernoulli(probabilities, generator: &generator)
            for (i, value) in s.enumerated() {
                binary = binary && (value == 0 || value == 1)
                ones[i] += Double(value)
            }
        }
        #expect(binary)
        for (p, count) in zip(probabilities.map(Double.init), ones) {
            let frequency = count / Double(draws), standardError = (p * (1 - p) / Double(draws)).squareRoot()
            #expect(abs(frequency - p) <= 4.5 * standardError, "frequency \(frequency) for p = \(p)")
        }
    }

    /// Gibbs chains from a fixed start reach the model's distribution p(v) = e^(−F(v)) / Z: the
    /// frequency of every visible state after 30 steps, over 20 000 independent chains, within
    /// 4.5 standard errors of the exact probability.
    @Test func gibbsChainsReachTheModelDistribution() throws {
        let model = try randomRBM(visible: 4, hidden: 3, scale: 1, seed: 21)
        let exact = ReferenceRBM(model).visibleDistribution
        let chains = 20_000
        var generator = SeededGenerator(seed: 22)
        let start = [Float](repeating: 1, count: chains * 4)
        let end = model.gibbsChains(from: start, rows: chains, steps: 30, generator: &generator)
        expectStateFrequencies(end, rows: chains, visible: 4, match: exact)
        // The test can fail: the distribution is far from uniform (a sampler ignoring the
        // weights would be caught).
        #expect(exact.map { abs($0 - 1.0 / 16) }.max()! > 20 * (1.0 / 16 / Double(chains)).squareRoot())
    }
}
