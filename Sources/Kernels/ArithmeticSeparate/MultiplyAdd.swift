// acc + a·b for the portable kernel path. On x86-64's baseline (SSE2, no FMA) it is a
// multiply and an add: Swift's `addingProduct` would call libm's `fma` for every lane there,
// ~50× slower. Every arm64 processor has fused NEON multiply-add, so there it is fused.
// Inlinable, in its own module, for the reason given in ArithmeticFused/MultiplyAdd.swift.

/// acc + a·b, lane by lane: fused on arm64, a multiply and an add elsewhere.
@inlinable @inline(__always)
public func multiplyAdd<V: SIMD>(_ acc: V, _ a: V, _ b: V) -> V where V.Scalar: FloatingPoint {
    #if arch(arm64)
    return acc.addingProduct(a, b)
    #else
    return acc + a * b
    #endif
}

/// acc + a·b: fused on arm64, a multiply and an add elsewhere.
@inlinable @inline(__always)
public func multiplyAdd<T: FloatingPoint>(_ acc: T, _ a: T, _ b: T) -> T {
    #if arch(arm64)
    return acc.addingProduct(a, b)
    #else
    return acc + a * b
    #endif
}
