// Adam (Kingma & Ba 2015): per-element step sizes from running moments of the gradient.

import KernelSupport

/// The Adam optimizer with bias-corrected moments (Kingma & Ba 2015, Algorithm 1). For each
/// parameter buffer (a *slot*) it keeps the moments m, v (shaped like the buffer) and the
/// step count t; one `step` on gradient g does
///
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     p ← p − α · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
///
/// elementwise. Deterministic; O(count) per step.
public struct AdamOptimizer: Sendable, Equatable {
    /// α, the step size.
    public var learningRate: Float
    /// β₁, the decay of the first moment.
    public let beta1: Float
    /// β₂, the decay of the second moment.
    public let beta2: Float
    /// ε, added to √v̂ so that parameters with a zero gradient do not divide by zero.
    public let epsilon: Float

    /// The moments of one parameter buffer.
    struct Moments: Sendable, Equatable {
        var first: [Float]
        var second: [Float]
        var steps = 0
        /// β₁ᵗ and β₂ᵗ, in Double.
        var beta1Power = 1.0
        var beta2Power = 1.0
    }

    /// Moments by slot; nil for slots not yet used.
    var slots: [Moments?] = []

    /// - Precondition: α > 0, 0 ≤ β₁ < 1, 0 ≤ β₂ < 1, ε > 0, all finite.
    public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        precondition(learningRate.isFinite && learningRate > 0, "AdamOptimizer: learning rate must be > 0")
        precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "AdamOptimizer: betas must be in [0, 1)")
        precondition(epsilon.isFinite && epsilon > 0, "AdamOptimizer: epsilon must be > 0")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// The number of steps taken on `slot` (0 before its first).
    public func steps(slot: Int) -> Int {
        slot < slots.count ? slots[slot]?.steps ?? 0 : 0
    }

    /// One Adam step on `parameters` with `gradient` (same count), using and updating the
    /// moments of `slot` (≥ 0; a slot's moments start at zero on first use and keep the
    /// count of its first use).
    public mutating func step(_ parameters: inout [Float], gradient: [Float], slot: Int) {
        precondition(slot >= 0, "AdamOptimizer.step: negative slot")
        precondition(gradient.count == parameters.count,
                     "AdamOptimizer.step: gradient has \(gradient.count) elements, parameters \(parameters.count)")
        while slots.count <= slot { slots.append(nil) }
        var moments = slots[slot] ?? Moments(
            first: [Float](repeating: 0, count: parameters.count),
            second: [Float](repeating: 0, count: parameters.count))
        slots[slot] = nil  // keep the buffers uniquely referenced while they are updated
        precondition(moments.first.count == parameters.count,
                     "AdamOptimizer.step: slot \(slot) holds \(moments.first.count) elements, got \(parameters.count)")
        moments.steps += 1
        moments.beta1Power *= Double(beta1)
        moments.beta2Power *= Double(beta2)
        let rates = AdamRates(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
            firstScale: Float(1 / (1 - moments.beta1Power)), secondScale: Float(1 / (1 - moments.beta2Power)))
        // The elementwise update runs in the kernel module of the processor's instruction set.
        moments.first.withUnsafeMutableBufferPointer { m in
            moments.second.withUnsafeMutableBufferPointer { v in
                gradient.withUnsafeBufferPointer { g in
                    parameters.withUnsafeMutableBufferPointer { p in
                        guard let pBase = p.baseAddress else { return }
                        kernels.adamUpdate(parameters: pBase, gradient: g.baseAddress!, first: m.baseAddress!,
                                           second: v.baseAddress!, count: p.count, rates: rates)
                    }
                }
            }
        }
        slots[slot] = moments
    }
}

extension LISTAEncoder {
    /// One optimizer step on every parameter: W_e (slot 0), S (slot 1) and θ (slot 2), each
    /// with the optimizer's learning rate times its entry of `stepScales`, then θ clamped to
    /// ≥ 0 (a negative threshold is not a shrinkage). Use one optimizer per encoder.
    /// - Precondition: the gradient's shapes match the encoder's.
    public mutating func apply(
        _ gradient: LISTAGradient, using optimizer: inout AdamOptimizer,
        stepScales: (filter: Float, mutual: Float, thresholds: Float) = (1, 1, 1)
    ) {
        precondition(gradient.filter.count == filter.count && gradient.mutual.count == mutual.count
                     && gradient.thresholds.count == thresholds.count,
                     "LISTAEncoder.apply: gradient shapes do not match the encoder")
        let base = optimizer.learningRate
        defer { optimizer.learningRate = base }
        optimizer.learningRate = base * stepScales.filter
        optimizer.step(&filter, gradient: gradient.filter, slot: 0)
        optimizer.learningRate = base * stepScales.mutual
        optimizer.step(&mutual, gradient: gradient.mutual, slot: 1)
        optimizer.learningRate = base * stepScales.thresholds
        optimizer.step(&thresholds, gradient: gradient.thresholds, slot: 2)
        for a in thresholds.indices where !(thresholds[a] >= 0) { thresholds[a] = 0 }
    }
}
