// Bernoulli draws from probabilities: the sampling step of every Gibbs chain.
import TensorCore

/// A uniform value in [0, 1) with 24 random bits (one `next()` per draw).
@inlinable
func unitFloat(_ generator: inout SeededGenerator) -> Float {
    Float(generator.next() >> 40) * 0x1p-24
}

/// Binary samples s ∈ {0, 1} with P(sᵢ = 1) = pᵢ: sᵢ = 1 when uᵢ < pᵢ, uᵢ uniform in [0, 1),
/// drawn from `generator` in index order (so p = 0 gives 0 and p = 1 gives 1 always).
public func sampleBernoulli(_ probabilities: [Float], generator: inout SeededGenerator) -> [Float] {
    [Float](unsafeUninitializedCapacity: probabilities.count) { out, initialized in
        probabilities.withUnsafeBufferPointer { p in
            for i in 0..<p.count { out[i] = unitFloat(&generator) < p[i] ? 1 : 0 }
        }
        initialized = probabilities.count
    }
}
