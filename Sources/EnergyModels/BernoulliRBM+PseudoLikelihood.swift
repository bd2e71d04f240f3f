// The pseudo-log-likelihood, scikit-learn's `score_samples`: one flipped unit per row.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NeuralNetworks
import SparseCoding
import TensorCore

extension BernoulliRBM {
    /// scikit-learn's pseudo-log-likelihood (binary visible units only) of each row of `v`
    /// `[rows, visible]` with unit
    /// `flipped[r]` of row r flipped (ṽᵢ = 1 − vᵢ):
    ///
    ///     PLL(v) = V · log σ(F(ṽ) − F(v)),
    ///
    /// for binary rows V times log p(vᵢ | v₋ᵢ), an unbiased estimate of Σᵢ log p(vᵢ | v₋ᵢ)
    /// over the random unit i. F(ṽ) − F(v) is computed directly, not as a difference of two
    /// large free energies: with a = v·W + c and δ = ṽᵢ − vᵢ,
    /// F(ṽ) − F(v) = −δ·bᵢ − Σⱼ (softplus(aⱼ + δ·Wᵢⱼ) − softplus(aⱼ)).
    /// Cost: one `matmul` and 4·rows·H softplus evaluations.
    public func pseudoLogLikelihood(_ v: [Float], rows: Int, flipping flipped: [Int], threads: Int? = nil) -> [Double] {
        precondition(visibleUnits == .bernoulli, "pseudoLogLikelihood: defined for binary visible units")
        precondition(flipped.count == rows && flipped.allSatisfy { $0 >= 0 && $0 < visible },
                     "pseudoLogLikelihood: one unit in 0..<\(visible) per row")
        let activations = matmul(v, weights, m: rows, k: visible, n: hidden, threads: threads)
        return (0..<rows).map { r in
            let i = flipped[r]
            let delta = 1 - 2 * v[r * visible + i]
            var difference = -Double(delta) * Double(visibleBias[i])
            for j in 0..<hidden {
                let a = activations[r * hidden + j] + hiddenBias[j]
                difference -= Double(softplus(a + delta * weights[i * hidden + j])) - Double(softplus(a))
            }
            // log σ(d) = −softplus(−d), in Double.
            let y = -difference
            return -Double(visible) * (max(y, 0) + log1p(exp(-abs(y))))
        }
    }

    /// The pseudo-log-likelihood with one unit per row drawn uniformly from `generator`
    /// (row order), as scikit-learn draws them.
    public func pseudoLogLikelihood(_ v: [Float], rows: Int, generator: inout SeededGenerator, threads: Int? = nil) -> [Double] {
        let flipped = (0..<rows).map { _ in generator.below(visible) }
        return pseudoLogLikelihood(v, rows: rows, flipping: flipped, threads: threads)
    }
}
