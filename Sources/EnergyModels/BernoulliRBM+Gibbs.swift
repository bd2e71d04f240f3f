// Block Gibbs sampling: all hidden units given the visible ones, then all visible given hidden.
import TensorCore

extension BernoulliRBM {
    /// One block Gibbs step from visible states `v` `[rows, visible]`: h ~ p(h | v), then
    /// v′ ~ p(v | h); returns v′. Draws the hidden units' uniforms, then the visible units'
    /// uniforms (or normals), from `generator` in row-major order.
    public func gibbsStep(_ v: [Float], rows: Int, generator: inout SeededGenerator, threads: Int? = nil) -> [Float] {
        let h = sampleBernoulli(hiddenProbabilities(v, rows: rows, threads: threads), generator: &generator)
        return sampleVisible(h, rows: rows, generator: &generator, threads: threads)
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

extension BernoulliRBM {
    /// Samples of the model for pictures (`rbm-sample`): `count` chains started at uniform
    /// random binary rows (P(vᵢ = 1) = ½; for Gaussian units too), run `steps` block Gibbs
    /// steps, and returned as the last visible states `[count, visible]` and, smoother to look
    /// at, their means E[v | h] for the last hidden samples `[count, visible]`.
    /// Randomness: the start, then the steps, from `generator`.
    /// - Precondition: count ≥ 1, steps ≥ 1.
    public func sample(count: Int, steps: Int, generator: inout SeededGenerator,
                       threads: Int? = nil) -> (states: [Float], means: [Float]) {
        precondition(count >= 1 && steps >= 1, "sample: \(count) chains of \(steps) steps")
        var state = sampleBernoulli([Float](repeating: 0.5, count: count * visible), generator: &generator)
        state = gibbsChains(from: state, rows: count, steps: steps - 1, generator: &generator, threads: threads)
        let h = sampleBernoulli(hiddenProbabilities(state, rows: count, threads: threads), generator: &generator)
        let means = visibleMeans(h, rows: count, threads: threads)
        return (visibleUnits.sample(means: means, generator: &generator), means)
    }
}
