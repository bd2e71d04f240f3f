import Testing
@testable import SparseCoding

/// Saving Adam's moments and restoring them into a fresh optimizer continues bit-exactly.
@Suite struct AdamOptimizerMomentsTests {
    @Test func restoredMomentsContinueBitExactly() {
        var random = TestRandom(seed: 4)
        let gradients = (0..<9).map { _ in random.gaussians(12) }
        var parameters = random.gaussians(12)
        var original = AdamOptimizer(learningRate: 0.01)
        #expect(original.moments(slot: 0) == nil)
        for g in gradients[0..<5] { original.step(&parameters, gradient: g, slot: 0) }
        let saved = original.moments(slot: 0)!
        #expect(saved.steps == 5)
        var restored = AdamOptimizer(learningRate: 0.01)
        restored.restoreMoments(slot: 0, first: saved.first, second: saved.second, steps: saved.steps)
        var copy = parameters
        for g in gradients[5...] {
            original.step(&parameters, gradient: g, slot: 0)
            restored.step(&copy, gradient: g, slot: 0)
        }
        #expect(copy == parameters)
        #expect(restored == original)
    }
}
