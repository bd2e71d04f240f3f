// The decoder's observation model p(x|z): Bernoulli on intensities or Gaussian with a fixed σ.

/// The likelihood p(x | z) of a row given the decoder's output, and so the reconstruction term
/// −log p(x | z) of the loss (nats, summed over the row's features):
///
/// - `bernoulli`: the output layer gives logits l; −log p = Σ softplus(l) − x·l (binary cross
///   entropy with logits; x are intensities in [0, 1]); the decoded mean is sigmoid(l).
/// - `gaussian(standardDeviation: s)`: the output is the mean m;
///   −log p = Σ ½((x − m)/s)² + ½·log(2π·s²).
public enum VAELikelihood: Sendable, Equatable {
    case bernoulli
    case gaussian(standardDeviation: Float)

    /// "bernoulli" or "gaussian", as in model files and `--likelihood`.
    public var name: String {
        switch self {
        case .bernoulli: "bernoulli"
        case .gaussian: "gaussian"
        }
    }
}
