// The two kinds of visible layer an RBM may have: binary units or Gaussian units of unit variance.
import TensorCore

/// What a visible unit of an RBM is, which decides its conditional given the hidden units,
/// the energy's visible term and the rows the machine accepts.
public enum VisibleUnits: String, Sendable, CaseIterable {
    /// vᵢ ∈ {0, 1}, p(vᵢ = 1 | h) = σ(bᵢ + (W·h)ᵢ); energy term −v·b. Rows in [0, 1] are read
    /// as probabilities.
    case bernoulli
    /// vᵢ ∈ ℝ, v | h ~ N(b + W·h, I) (unit variance: standardise or whiten the rows first);
    /// energy term ½‖v − b‖² (Hinton 2010, "A practical guide to training RBMs", §13.2).
    case gaussian

    /// Draws visible states from their conditional means `means` (any shape): Bernoulli
    /// draws from the probabilities (`sampleBernoulli`), or each mean plus standard normal noise
    /// (`SeededGenerator.gaussian`, one per value in index order).
    public func sample(means: [Float], generator: inout SeededGenerator) -> [Float] {
        switch self {
        case .bernoulli: return sampleBernoulli(means, generator: &generator)
        case .gaussian: return means.map { $0 + Float(generator.gaussian()) }
        }
    }
}
