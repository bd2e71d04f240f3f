// Backpropagation through the K steps of LISTA, for training it to regress lasso codes.
//
// Forward (c_t the pre-activations, Z* the targets):
//     b = Y·W_e,  c₁ = b,  c_t = b + z_{t−1}·S,  z_t = h_θ(c_t),
//     loss = 1/(2·rows) · Σ_rows ‖z_K − z*‖²
// Backward, g_t = ∂loss/∂z_t, δ_t = ∂loss/∂c_t:
//     g_K = (z_K − Z*)/rows
//     δ_t = g_t ⊙ h′(c_t)          h′ = 1 where the shrink is active (|c| > θ; c > θ if positive)
//     ∂θ  −= Σ_rows δ_t ⊙ sign(c_t)   (positive: −Σ_rows δ_t)
//     t ≥ 2:  ∂S += z_{t−1}ᵀ·δ_t,   g_{t−1} = δ_t·Sᵀ
//     ∂W_e = Yᵀ·Σ_t δ_t

/// The gradient of `LISTAEncoder.lossAndGradient`'s loss with respect to each parameter,
/// shaped like the parameter.
public struct LISTAGradient: Sendable, Equatable {
    /// ∂loss/∂W_e `[features, atoms]`.
    public var filter: [Float]
    /// ∂loss/∂S `[atoms, atoms]`.
    public var mutual: [Float]
    /// ∂loss/∂θ `[atoms]`.
    public var thresholds: [Float]

    public init(filter: [Float], mutual: [Float], thresholds: [Float]) {
        self.filter = filter
        self.mutual = mutual
        self.thresholds = thresholds
    }
}

extension LISTAEncoder {
    /// The regression loss of the codes against targets and its gradient by backpropagation
    /// through time:
    ///
    ///     loss = 1/(2·rows) · Σ_rows ‖z_K(y) − z*‖²
    ///
    /// - Parameters:
    ///   - data: Y `[rows, features]`, row-major.
    ///   - targets: Z* `[rows, atoms]` (typically exact lasso codes from `LassoEncoder` `.lars`).
    /// - Returns: the loss (accumulated in Double) and ∂loss/∂(W_e, S, θ). The shrink is taken
    ///   as inactive (derivative 0) exactly at its kinks |c| = θ.
    ///
    /// Cost: about three times `encode` (2·features·atoms + 6·(K − 1)·atoms² flops per row for
    /// the products, with W_e's gradient 2·features·atoms more); memory K·rows·atoms floats
    /// (every pre-activation is kept), so pass minibatches rather than whole data sets.
    /// Deterministic.
    public func lossAndGradient(_ data: [Float], targets: [Float], rows: Int) -> (loss: Double, gradient: LISTAGradient) {
        precondition(rows >= 0 && data.count == rows * features,
                     "LISTAEncoder.lossAndGradient: data has \(data.count) elements, expected \(rows)×\(features)")
        precondition(targets.count == rows * atoms,
                     "LISTAEncoder.lossAndGradient: targets has \(targets.count) elements, expected \(rows)×\(atoms)")
        let size = rows * atoms
        guard rows > 0, atoms > 0 else {
            return (0, LISTAGradient(filter: [Float](repeating: 0, count: features * atoms),
                                     mutual: [Float](repeating: 0, count: atoms * atoms),
                                     thresholds: [Float](repeating: 0, count: atoms)))
        }

        // Forward, keeping c_t for t = 1..K in `pre` (`[K, rows, atoms]`).
        var pre = [Float](repeating: 0, count: depth * size)
        var codes = [Float](repeating: 0, count: size)
        var input = [Float](repeating: 0, count: size)
        let operands = packedOperands()
        data.withUnsafeBufferPointer { y in
            pre.withUnsafeMutableBufferPointer { pre in
                codes.withUnsafeMutableBufferPointer { z in
                    input.withUnsafeMutableBufferPointer { b in
                        forward(y.baseAddress!, rows: rows, operands, codes: z.baseAddress!,
                                input: b.baseAddress!, preActivations: pre.baseAddress!, stride: size)
                    }
                }
            }
        }

        // g_K = (z_K − z*)/rows and the loss.
        var g = [Float](repeating: 0, count: size)
        var squares = 0.0
        let scale = 1 / Float(rows)
        codes.withUnsafeBufferPointer { z in
            targets.withUnsafeBufferPointer { target in
                g.withUnsafeMutableBufferPointer { g in
                    for i in 0..<size {
                        let difference = z[i] - target[i]
                        squares += Double(difference) * Double(difference)
                        g[i] = difference * scale
                    }
                }
            }
        }
        let loss = squares / Double(2 * rows)

        var deltaSum = [Float](repeating: 0, count: size)
        var mutualGradient = [Float](repeating: 0, count: atoms * atoms)
        var thresholdGradient = [Double](repeating: 0, count: atoms)
        var previous = [Float](repeating: 0, count: size)
        for t in stride(from: depth, through: 1, by: -1) {
            // δ_t = g_t ⊙ h′(c_t), in place in g.
            pre.withUnsafeBufferPointer { pre in
                let c = pre.baseAddress! + (t - 1) * size
                thresholds.withUnsafeBufferPointer { theta in
                    thresholdGradient.withUnsafeMutableBufferPointer { thetaGradient in
                        g.withUnsafeMutableBufferPointer { g in
                            deltaSum.withUnsafeMutableBufferPointer { deltaSum in
                                for r in 0..<rows {
                                    let row = r * atoms
                                    for a in 0..<atoms {
                                        let i = row + a
                                        let ci = c[i]
                                        let sign: Float = ci > theta[a] ? 1 : (!positive && ci < -theta[a] ? -1 : 0)
                                        if sign == 0 {
                                            g[i] = 0
                                        } else {
                                            thetaGradient[a] -= Double(g[i] * sign)
                                            deltaSum[i] += g[i]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if t >= 2 {
                    previous.withUnsafeMutableBufferPointer { z in
                        shrink(c - size, into: z.baseAddress!, rows: rows)
                    }
                }
            }
            if t >= 2 {
                let step = matmulTransposedA(previous, g, m: atoms, k: rows, n: atoms)
                mutualGradient.withUnsafeMutableBufferPointer { sum in
                    step.withUnsafeBufferPointer { step in
                        for i in 0..<sum.count { sum[i] += step[i] }
                    }
                }
                g = matmulTransposedB(g, mutual, m: rows, k: atoms, n: atoms)
            }
        }
        let filterGradient = matmulTransposedA(data, deltaSum, m: features, k: rows, n: atoms)
        return (loss, LISTAGradient(filter: filterGradient, mutual: mutualGradient,
                                    thresholds: thresholdGradient.map { Float($0) }))
    }
}
