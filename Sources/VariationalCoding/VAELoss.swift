/// The terms of the negative ELBO (nats), for one row or as means over rows:
///
///     reconstruction = −log p(x | z)          (one z = μ + σ·ε per row)
///     kl             = KL(q(z | x) ‖ N(0, I)) = ½ Σ_d (μ² + σ² − 1 − log σ²)
///     negativeELBO   = reconstruction + kl
public struct VAELoss: Sendable, Equatable {
    public var reconstruction: Double
    public var kl: Double

    public init(reconstruction: Double, kl: Double) {
        self.reconstruction = reconstruction
        self.kl = kl
    }

    /// reconstruction + kl (β is not applied: this is the bound itself).
    public var negativeELBO: Double { reconstruction + kl }
}
