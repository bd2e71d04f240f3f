// CD-k: the negative phase from Gibbs chains started at the data and stopped after k steps.
import TensorCore

extension BernoulliRBM {
    /// The CD-k estimate of the log-likelihood gradient on `batch` `[rows, visible]`
    /// (Hinton 2002): each row starts a chain, h⁰ ~ p(h | v⁰ = row), then k times
    /// vᵗ ~ p(v | hᵗ⁻¹) and (but after the last) hᵗ ~ p(h | vᵗ); the negative statistics
    /// are vᵏ and p(h = 1 | vᵏ), the positive ones the row and p(h = 1 | row).
    ///
    /// Randomness: from `generator`, each step's hidden then visible uniforms in row-major order.
    /// - Precondition: steps ≥ 1, rows ≥ 1.
    public func contrastiveDivergenceGradient(_ batch: [Float], rows: Int, steps: Int, generator: inout SeededGenerator,
                                              threads: Int? = nil) -> RBMGradient {
        precondition(steps >= 1 && rows >= 1, "contrastiveDivergenceGradient: \(steps) steps on \(rows) rows")
        let positiveHidden = hiddenProbabilities(batch, rows: rows, threads: threads)
        var h = sampleBernoulli(positiveHidden, generator: &generator)
        var negative: [Float] = [], negativeHidden: [Float] = []
        for step in 1...steps {
            negative = sampleVisible(h, rows: rows, generator: &generator, threads: threads)
            negativeHidden = hiddenProbabilities(negative, rows: rows, threads: threads)
            if step < steps { h = sampleBernoulli(negativeHidden, generator: &generator) }
        }
        return RBMGradient(positive: batch, positiveHidden: positiveHidden, rows: rows,
                           negative: negative, negativeHidden: negativeHidden, negativeRows: rows, threads: threads)
    }
}
