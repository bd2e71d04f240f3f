// The right operand of the engine's products, packed once for the kernel path that runs, and
// the drivers that call the path's blocked product (Kernels/Shared/BlockedProduct.swift).

/// The right operand B `[depth, columns]` of C = A·B, packed once into the kernel path's
/// panels so that it can be reused by every product with it (the encoder packs its dictionary once).
struct PackedRightOperand: Sendable {
    let depth: Int
    let columns: Int
    let storage: [Float]

    /// Packs B `[depth, columns]` (row-major), or, when `transposed`, Bᵀ from B stored as
    /// `[columns, depth]`.
    init(_ b: [Float], depth: Int, columns: Int, transposed: Bool) {
        precondition(b.count == depth * columns, "packed operand: count \(b.count) != \(depth)×\(columns)")
        self.depth = depth
        self.columns = columns
        let count = depth * columns == 0 ? 0 : kernels.packedCount(depth: depth, columns: columns)
        storage = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            if count > 0 {
                b.withUnsafeBufferPointer { b in
                    kernels.packRight(b.baseAddress!, depth: depth, columns: columns,
                                      stride: transposed ? depth : columns, transposed: transposed,
                                      into: out.baseAddress!)
                }
            }
            initialized = count
        }
    }
}

/// C `[rows, b.columns]` (row stride `ldc`) = A·B, or += A·B when `accumulate`.
/// A is `[rows, b.depth]` with row stride `lda`, or, when `transposedA`, Aᵀ is stored as
/// `[b.depth, rows]` with row stride `lda`. Runs on the calling thread.
func multiply(
    rows: Int, _ a: UnsafePointer<Float>, lda: Int, transposedA: Bool,
    _ b: PackedRightOperand, _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
) {
    guard rows > 0, b.columns > 0 else { return }
    b.storage.withUnsafeBufferPointer { storage in
        // With depth 0 the storage is empty and the kernel only zeroes C, never reading B.
        let packed = storage.baseAddress ?? UnsafePointer(c)
        kernels.multiply(rows: rows, a, lda: lda, transposedA: transposedA, packed: packed,
                         depth: b.depth, columns: b.columns, c, ldc: ldc, accumulate: accumulate)
    }
}

/// `multiply` with the rows of C split across `threads` threads (default: the processors this
/// process may use) when the product is large enough to pay for them (≥ 4 MFLOP). Bitwise
/// identical to the serial product.
func multiplyInParallel(
    rows: Int, _ a: UnsafePointer<Float>, lda: Int, transposedA: Bool,
    _ b: PackedRightOperand, _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
    threads: Int = processorCount
) {
    let flops = 2 * rows * b.depth * b.columns
    let parts = flops >= 1 << 22 ? threads : 1
    forEachRange(rows, parts: parts, granularity: kernels.tileRows) { range in
        let aStart = transposedA ? a + range.lowerBound : a + range.lowerBound * lda
        multiply(rows: range.count, aStart, lda: lda, transposedA: transposedA, b,
                 c + range.lowerBound * ldc, ldc: ldc, accumulate: accumulate)
    }
}
