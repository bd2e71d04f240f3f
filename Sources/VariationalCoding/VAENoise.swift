// The ε of the reparameterisation z = μ + σ·ε.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// Where the latent code of each row comes from in a forward pass.
public enum VAENoise: Sendable, Equatable {
    /// σ forced to 0: z = μ (an ordinary auto-encoder's code; reconstructions of `vae-encode`).
    /// The KL term is still that of the encoder's (μ, logvar).
    case deterministic
    /// z = μ + exp(½·logvar)·ε with ε `[rows, latent]` row-major.
    case samples([Float])

    /// ε ~ N(0, I) `[rows, latent]`, row-major, in pairs by Marsaglia's polar method from
    /// `generator.unit()`: u, v = 2·unit() − 1 until 0 < s = u² + v² < 1, then
    /// u·√(−2 ln s / s) and v·√(−2 ln s / s) (in Double, stored as Float; an odd count drops
    /// the last pair's second value). Both values of a pair are used, and no sine or cosine.
    public static func standardNormal(rows: Int, latent: Int, generator: inout SeededGenerator) -> VAENoise {
        let count = rows * latent
        var epsilon = [Float](repeating: 0, count: count)
        var i = 0
        while i < count {
            var u = 0.0, v = 0.0, s = 0.0
            repeat {
                u = 2 * generator.unit() - 1
                v = 2 * generator.unit() - 1
                s = u * u + v * v
            } while s >= 1 || s == 0
            let factor = (-2 * log(s) / s).squareRoot()
            epsilon[i] = Float(u * factor)
            if i + 1 < count { epsilon[i + 1] = Float(v * factor) }
            i += 2
        }
        return .samples(epsilon)
    }
}
