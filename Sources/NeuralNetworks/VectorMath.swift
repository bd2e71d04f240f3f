// e^x and log(1 + x) eight lanes at a time, for the elementwise passes of the losses (the C
// library's expf and log1pf are one value per call).

/// e^x for x ≤ 0 (lanes with x > 0 are not supported), within 2 ulp of expf; x < −87.3
/// gives 0. Range reduction x = k·ln 2 + r, |r| ≤ ½ ln 2, then a degree-7 Taylor polynomial
/// of e^r scaled by 2^k through the exponent bits.
@inlinable @inline(__always)
func exponentOfNonPositive(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let clamped = x.replacing(with: -87.3, where: x .< -87.3)
    // k = round(x·log₂e): adding 1.5·2²³ rounds to an integer held in the low mantissa bits
    // (no generic float-to-integer conversion in the loop).
    let magic: Float = 12_582_912
    let shifted = clamped * 1.442_695_04 + magic
    let k = shifted - magic
    // ln 2 = 0.693359375 − 2.1219444e-4 (Cody and Waite): k times the first part is exact.
    let r = clamped - k * 0.693_359_375 + k * 2.121_944_4e-4
    var p = SIMD8<Float>(repeating: 1 / 5040)
    p = p * r + 1 / 720
    p = p * r + 1 / 120
    p = p * r + 1 / 24
    p = p * r + 1 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(SIMD8<Float>(repeating: magic), to: SIMD8<Int32>.self)
    let exponentBits = (integer &+ 127) &<< 23
    let scale = unsafeBitCast(exponentBits, to: SIMD8<Float>.self)
    return (p * scale).replacing(with: 0, where: x .< -87.3)
}

/// log(1 + e) for e in [0, 1], within 2 ulp of log1pf: with s = e / (2 + e) ∈ [0, ⅓],
/// log(1 + e) = 2·atanh(s) = 2·(s + s³/3 + … + s¹⁵/15) (the next term is below 2⁻²⁸·s).
@inlinable
func logOnePlusUnit(_ e: SIMD8<Float>) -> SIMD8<Float> {
    let s = e / (2 + e), s2 = s * s
    var p = SIMD8<Float>(repeating: 1 / 15)
    p = p * s2 + 1 / 13
    p = p * s2 + 1 / 11
    p = p * s2 + 1 / 9
    p = p * s2 + 1 / 7
    p = p * s2 + 1 / 5
    p = p * s2 + 1 / 3
    p = p * s2 + 1
    return 2 * s * p
}

/// a + b elementwise (the same count): two partial gradients added.
public func elementwiseSum(_ a: [Float], _ b: [Float]) -> [Float] {
    precondition(a.count == b.count, "elementwiseSum: \(a.count) and \(b.count) elements")
    return [Float](unsafeUninitializedCapacity: a.count) { out, initialized in
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for i in 0..<a.count { out[i] = a[i] + b[i] }
            }
        }
        initialized = a.count
    }
}
