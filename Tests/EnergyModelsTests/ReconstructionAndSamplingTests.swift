import Foundation
import Testing
import TensorCore
@testable import EnergyModels

/// The mean-field reconstruction, samples for pictures, and saved chains.
@Suite struct ReconstructionAndSamplingTests {
    /// v̂ = p(v | h = p(h | v)) and ‖v − v̂‖², from the reference conditionals (mean-field:
    /// the visible conditional at h = p(h | v) is σ(b + W·p(h | v)), linear in h inside σ).
    @Test func reconstructionIsOneMeanFieldPass() throws {
        let model = try randomRBM(visible: 4, hidden: 3, scale: 1.2, seed: 51)
        let reference = ReferenceRBM(model)
        let rows = ReferenceRBM.states(4)
        let reconstruction = model.reconstruct(rows.flatMap { $0.map(Float.init) }, rows: 16)
        let errors = model.reconstructionError(rows.flatMap { $0.map(Float.init) }, rows: 16)
        for (r, v) in rows.enumerated() {
            let ph = reference.hiddenProbabilities(v)
            var error = 0.0
            for i in 0..<4 {
                var a = reference.b[i]
                for j in 0..<3 { a += reference.w[i * 3 + j] * ph[j] }
                let expected = 1 / (1 + exp(-a))
                #expect(abs(Double(reconstruction[r * 4 + i]) - expected) <= 1e-6)
                error += (v[i] - expected) * (v[i] - expected)
            }
            #expect(abs(errors[r] - error) <= 1e-5)
        }
    }

    /// Samples from long chains have the model's distribution (as the Gibbs test, through the
    /// picture-making entry point), and the pictures are p(v | h) of binary h.
    @Test func samplesFollowTheModel() throws {
        let model = try randomRBM(visible: 4, hidden: 3, scale: 1, seed: 52)
        let exact = ReferenceRBM(model).visibleDistribution
        var generator = SeededGenerator(seed: 53)
        let count = 20_000
        let (states, probabilities) = model.sample(count: count, steps: 30, generator: &generator)
        expectStateFrequencies(states, rows: count, visible: 4, match: exact)
        // Each picture is p(v | h) for one of the 2³ hidden states.
        let pictures = Set(ReferenceRBM.states(3).map { model.visibleMeans($0.map(Float.init), rows: 1) })
        #expect((0..<count).allSatisfy { pictures.contains(Array(probabilities[($0 * 4)..<($0 * 4 + 4)])) })
        var again = SeededGenerator(seed: 53)
        #expect(model.sample(count: count, steps: 30, generator: &again).states == states)
    }

    @Test func savedChainsMustBeBinaryAndFit() throws {
        #expect(throws: EnergyModelError.self) { try PersistentChains(hiddenStates: [0, 1, 0.5, 1], count: 2, hidden: 2) }
        #expect(throws: EnergyModelError.self) { try PersistentChains(hiddenStates: [0, 1, 1], count: 2, hidden: 2) }
        let chains = try PersistentChains(hiddenStates: [0, 1, 1, 0], count: 2, hidden: 2)
        #expect(chains.hiddenStates == [0, 1, 1, 0])
        let model = try randomRBM(visible: 3, hidden: 2, scale: 1, seed: 54)
        #expect(chains.visibleMeans(under: model) == model.visibleMeans([0, 1, 1, 0], rows: 2))
    }
}
