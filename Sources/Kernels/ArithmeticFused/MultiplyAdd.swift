// acc + a·b with one rounding, for the kernel paths that have fused multiply-add (AVX-512,
// AVX2). Inlinable, so it compiles to the caller's instruction: `vfmadd231ps` in a module built
// with `-target-cpu haswell` or later. Its own module, not a file of the kernel module: an
// inlinable function of another module is inlined in every build, one of another file only in
// whole-module (release) builds.

/// acc + a·b, lane by lane, rounded once.
@inlinable @inline(__always)
public func multiplyAdd<V: SIMD>(_ acc: V, _ a: V, _ b: V) -> V where V.Scalar: FloatingPoint {
    acc.addingProduct(a, b)
}

/// acc + a·b, rounded once.
@inlinable @inline(__always)
public func multiplyAdd<T: FloatingPoint>(_ acc: T, _ a: T, _ b: T) -> T {
    acc.addingProduct(a, b)
}
