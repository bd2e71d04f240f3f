// Dense single-precision matrix products on row-major buffers.
//
// All three forms share one cache-blocked SIMD kernel, the running kernel path's
// (Kernels/Shared/BlockedProduct.swift, PackedRightOperand.swift). Large
// products split the rows of C across the processors; the split never changes the result,
// which is bitwise identical to the single-threaded product.

/// C `[m, n]` = A `[m, k]` · B `[k, n]` (all row-major).
///
/// Cost: 2·m·k·n flops; the rows of C are split across `threads` threads (default: the
/// processors this process may use) when the product is at least 4 MFLOP. Deterministic: the
/// result does not depend on the thread count.
public func matmul(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int, threads: Int? = nil) -> [Float] {
    precondition(a.count == m * k, "matmul: A has \(a.count) elements, expected \(m)×\(k)")
    precondition(b.count == k * n, "matmul: B has \(b.count) elements, expected \(k)×\(n)")
    let packed = PackedRightOperand(b, depth: k, columns: n, transposed: false)
    return product(a, lda: k, transposedA: false, rows: m, packed, threads: threads)
}

/// C `[m, n]` = A `[m, k]` · Bᵀ, where B is `[n, k]` (all row-major).
///
/// The form of y·Dᵀ (data against every atom) and of Gram matrices A·Aᵀ.
/// Cost: 2·m·k·n flops; parallel and deterministic as `matmul`.
public func matmulTransposedB(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int, threads: Int? = nil) -> [Float] {
    precondition(a.count == m * k, "matmulTransposedB: A has \(a.count) elements, expected \(m)×\(k)")
    precondition(b.count == n * k, "matmulTransposedB: B has \(b.count) elements, expected \(n)×\(k)")
    let packed = PackedRightOperand(b, depth: k, columns: n, transposed: true)
    return product(a, lda: k, transposedA: false, rows: m, packed, threads: threads)
}

/// C `[m, n]` = Aᵀ · B, where A is `[k, m]` and B is `[k, n]` (all row-major).
///
/// The form of scatter matrices Xᵀ·X and of dictionary updates Zᵀ·Y.
/// Cost: 2·m·k·n flops; parallel and deterministic as `matmul`.
public func matmulTransposedA(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int, threads: Int? = nil) -> [Float] {
    precondition(a.count == k * m, "matmulTransposedA: A has \(a.count) elements, expected \(k)×\(m)")
    precondition(b.count == k * n, "matmulTransposedA: B has \(b.count) elements, expected \(k)×\(n)")
    let packed = PackedRightOperand(b, depth: k, columns: n, transposed: false)
    return product(a, lda: m, transposedA: true, rows: m, packed, threads: threads)
}

/// Runs the kernel into a fresh `[rows, b.columns]` buffer.
private func product(
    _ a: [Float], lda: Int, transposedA: Bool, rows: Int, _ b: PackedRightOperand, threads: Int?
) -> [Float] {
    let count = rows * b.columns
    return [Float](unsafeUninitializedCapacity: count) { c, initialized in
        if count > 0 {
            a.withUnsafeBufferPointer { a in
                // With k = 0 A may be empty; the kernel then only zeroes C and never reads A.
                let aBase = a.baseAddress ?? UnsafePointer(c.baseAddress!)
                multiplyInParallel(rows: rows, aBase, lda: lda, transposedA: transposedA, b,
                                   c.baseAddress!, ldc: b.columns, accumulate: false,
                                   threads: threads ?? processorCount)
            }
        }
        initialized = count
    }
}
