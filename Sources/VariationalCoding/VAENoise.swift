// The ε of the reparameterisation z = μ + σ·ε.
import TensorCore

/// Where the latent code of each row comes from in a forward pass.
public enum VAENoise: Sendable, Equatable {
    /// σ forced to 0: z = μ (an ordinary auto-encoder's code; reconstructions of `vae-encode`).
    /// The KL term is still that of the encoder's (μ, logvar).
    case deterministic
    /// z = μ + exp(½·logvar)·ε with ε `[rows, latent]` row-major.
    case samples([Float])

    /// ε ~ N(0, I) `[rows, latent]`, drawn row-major with `generator.gaussian()` (converted to
    /// Float), the order the training loop uses.
    public static func standardNormal(rows: Int, latent: Int, generator: inout SeededGenerator) -> VAENoise {
        var epsilon = [Float](repeating: 0, count: rows * latent)
        for i in epsilon.indices { epsilon[i] = Float(generator.gaussian()) }
        return .samples(epsilon)
    }
}
