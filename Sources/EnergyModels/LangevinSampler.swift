// Unadjusted Langevin dynamics: walking down an energy with noise.
import TensorCore

/// Langevin dynamics on an energy E: each step moves every point
///
///     y ← y − (ε/2)·∇E(y) + √ε·ξ,   ξ ~ N(0, I)
///
/// whose stationary density is ∝ e^(−E(y)) as ε → 0 (no Metropolis correction: the bias is
/// O(ε)). Contrastive divergence starts the walk at training points and pushes the energy up
/// where it ends.
public struct LangevinSampler: Sendable, Equatable {
    /// ε, the step size.
    public var stepSize: Float
    /// Steps per call (CD-k's k).
    public var steps: Int

    /// - Precondition: ε > 0, steps ≥ 0.
    public init(stepSize: Float, steps: Int) {
        precondition(stepSize > 0 && stepSize.isFinite && steps >= 0, "LangevinSampler: bad step size or count")
        self.stepSize = stepSize
        self.steps = steps
    }

    /// `steps` steps from `start` `[rows, width]` down `gradient` (∇E of a batch of points),
    /// the noise from `generator` in row order.
    public func run(from start: [Float], rows: Int, gradient: ([Float], Int) -> [Float], generator: inout SeededGenerator) -> [Float] {
        var y = start
        let drift = stepSize / 2, noise = stepSize.squareRoot()
        for _ in 0..<steps {
            let g = gradient(y, rows)
            for i in y.indices { y[i] += -drift * g[i] + noise * Float(generator.gaussian()) }
        }
        return y
    }
}
