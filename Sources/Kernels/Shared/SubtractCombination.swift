// The residual of one atom update in dictionary learning (DictionaryLearner+AtomUpdate.swift).

#if KERNELS_FMA
import KernelArithmeticFused
#else
import KernelArithmeticSeparate
#endif

/// out = base − Σ_k weights[k]·rows[k] for `count` rows of `length` floats (row-major), with the
/// sums held in SIMD registers across k (64 features at a time in four accumulators), so each
/// row is read once per 64 features and nothing is stored until the end. O(count·length).
func subtractCombination(
    of rows: UnsafePointer<Float>, weights: UnsafePointer<Float>, count: Int, length: Int,
    from base: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>
) {
    typealias Lane = SIMD16<Float>
    func load(_ p: UnsafePointer<Float>) -> Lane { UnsafeRawPointer(p).loadUnaligned(as: Lane.self) }
    func store(_ v: Lane, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lane.self) }
    var f = 0
    while f + 64 <= length {
        var s0 = load(base + f), s1 = load(base + f + 16), s2 = load(base + f + 32), s3 = load(base + f + 48)
        for k in 0..<count {
            let w = Lane(repeating: -weights[k])
            let row = rows + k * length + f
            s0 = multiplyAdd(s0, w, load(row))
            s1 = multiplyAdd(s1, w, load(row + 16))
            s2 = multiplyAdd(s2, w, load(row + 32))
            s3 = multiplyAdd(s3, w, load(row + 48))
        }
        store(s0, out + f); store(s1, out + f + 16); store(s2, out + f + 32); store(s3, out + f + 48)
        f += 64
    }
    while f + 16 <= length {
        var s0 = load(base + f)
        for k in 0..<count { s0 = multiplyAdd(s0, Lane(repeating: -weights[k]), load(rows + k * length + f)) }
        store(s0, out + f)
        f += 16
    }
    while f < length {
        var s = base[f]
        for k in 0..<count { s -= weights[k] * rows[k * length + f] }
        out[f] = s
        f += 1
    }
}
