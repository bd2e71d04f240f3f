// Block Gibbs sampling: all hidden units given the visible ones, then all visible given hidden.
import TensorCore

extension BernoulliRBM {
    /// One block Gibbs step from visible states `v` `[rows, visible]`: h ~ p(h | v), then
    /// v′ ~ p(v | h); returns v′ (binary). Draws the hidden units' uniforms, then the visible
    /// units', from `generator` in row-major order.
    public func gibbsStep(_ v: [Float], rows: Int, generator: inout SeededGenerator, threads: Int? = nil) -> [Float] {
        let h = sampleBernoulli(hiddenProbabilities(v, rows: rows, threads: threads), generator: &generator)
        return sampleBernoulli(visibleProbabilities(h, rows: rows, threads: threads), generator: &generator)
    }

    /// `steps` block Gibbs steps from `v` (one chain per row; `steps` = 0 returns `v`).
    public func gibbsChains(from v: [Float], rows: Int, steps: Int, generator: inout SeededGenerator,
                            threads: Int? = nil) -> [Float] {
        precondition(steps >= 0, "gibbsChains: \(steps) steps")
        var state = v
        for _ in 0..<steps { state = gibbsStep(state, rows: rows, generator: &generator, threads: threads) }
        return state
    }
}
