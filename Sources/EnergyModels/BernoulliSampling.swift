// Bernoulli draws from probabilities: the sampling step of every Gibbs chain.
import TensorCore

/// Binary samples s ∈ {0, 1} with P(sᵢ = 1) = pᵢ: sᵢ = 1 when uᵢ < pᵢ, uᵢ uniform in [0, 1)
/// with 24 random bits (so p = 0 gives 0 and p = 1 gives 1 always). Each `next()` of
/// `generator` gives two uniforms, bits 40–63 for the even index and bits 8–31 for the odd one
/// after it, in index order.
public func sampleBernoulli(_ probabilities: [Float], generator: inout SeededGenerator) -> [Float] {
    let count = probabilities.count
    return [Float](unsafeUninitializedCapacity: count) { out, initialized in
        probabilities.withUnsafeBufferPointer { p in
            if count > 0 { sampleBernoulli(p.baseAddress!, count: count, into: out.baseAddress!, generator: &generator) }
        }
        initialized = count
    }
}

/// `sampleBernoulli` from `count` probabilities at `p` into `out` (the same draws; `out` may be `p`).
func sampleBernoulli(_ p: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>,
                     generator: inout SeededGenerator) {
    // u < p as k < p·2²⁴ for the 24-bit integer k = u·2²⁴: both sides exact, the same answer,
    // and a signed 32-bit conversion where an unsigned 64-bit one costs a branch on x86-64.
    var i = 0
    while i + 1 < count {
        let bits = generator.next()
        out[i] = Float(Int32(truncatingIfNeeded: bits >> 40)) < p[i] * 0x1p24 ? 1 : 0
        out[i + 1] = Float(Int32(truncatingIfNeeded: (bits >> 8) & 0xFF_FFFF)) < p[i + 1] * 0x1p24 ? 1 : 0
        i += 2
    }
    if i < count { out[i] = Float(Int32(truncatingIfNeeded: generator.next() >> 40)) < p[i] * 0x1p24 ? 1 : 0 }
}
