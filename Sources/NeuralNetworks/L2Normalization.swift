// Rows scaled to unit Euclidean length, and the gradient through that scaling.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Row-wise L2 normalisation, as PyTorch's `F.normalize(x, dim=1, eps=ε)`:
///
///     zᵢ = xᵢ / max(‖xᵢ‖, ε)
///
/// so a zero row stays zero instead of dividing by zero. Cosine similarities of the rows are
/// then plain dot products zᵢ·zⱼ, which the contrastive loss needs: a model cannot lower it by
/// making vectors long or short.
public struct L2Normalization: Sendable, Equatable {
    /// ε: the smallest norm divided by (PyTorch's default, 1e-12).
    public var epsilon: Float

    /// A normalisation with the given ε.
    /// - Precondition: ε > 0.
    public init(epsilon: Float = 1e-12) {
        precondition(epsilon > 0, "L2Normalization: epsilon must be positive")
        self.epsilon = epsilon
    }

    /// Z `[rows, columns]` with unit rows (zero rows stay zero) and the divisors
    /// max(‖xᵢ‖, ε) `[rows]` the backward pass needs.
    public func forward(_ x: [Float], rows: Int, columns: Int) -> (normalized: [Float], divisors: [Float]) {
        precondition(x.count == rows * columns, "L2Normalization.forward: \(x.count) values for \(rows)×\(columns)")
        var z = x
        var divisors = [Float](repeating: 0, count: rows)
        for r in 0..<rows {
            var squares: Float = 0
            for j in 0..<columns { squares += x[r * columns + j] * x[r * columns + j] }
            let divisor = max(squares.squareRoot(), epsilon)
            divisors[r] = divisor
            for j in 0..<columns { z[r * columns + j] = x[r * columns + j] / divisor }
        }
        return (z, divisors)
    }

    /// ∂L/∂X `[rows, columns]` from G = ∂L/∂Z, the forward pass's Z and divisors:
    ///
    ///     ∂L/∂xᵢ = (gᵢ − zᵢ·(zᵢ·gᵢ)) / ‖xᵢ‖   when ‖xᵢ‖ > ε (the radial part removed),
    ///     ∂L/∂xᵢ = gᵢ / ε                      when ‖xᵢ‖ ≤ ε (there z = x/ε is linear in x).
    public func backward(outputGradient g: [Float], normalized z: [Float], divisors: [Float], rows: Int, columns: Int) -> [Float] {
        precondition(g.count == rows * columns && z.count == rows * columns && divisors.count == rows,
                     "L2Normalization.backward: shapes do not match \(rows)×\(columns)")
        var dx = g
        for r in 0..<rows {
            let divisor = divisors[r]
            // The forward pass clamped the norm exactly when the divisor is ε.
            var radial: Float = 0
            if divisor > epsilon {
                for j in 0..<columns { radial += z[r * columns + j] * g[r * columns + j] }
            }
            for j in 0..<columns {
                dx[r * columns + j] = (g[r * columns + j] - z[r * columns + j] * radial) / divisor
            }
        }
        return dx
    }
}
