// Products too small for packing to pay (an RBM step at batch 10: 20×64 by 64×100): B is read
// in place, row by row, and each C element is the same chain of multiply-adds as in the
// blocked product, so the bits are `multiply`'s.

#if KERNELS_FMA
import KernelArithmeticFused
#else
import KernelArithmeticSeparate
#endif

/// C `[rows, columns]` (row stride `ldc`) = A·B with A's element (r, k) at
/// `a[r·rowStride + k·depthStride]` (a row-major A, or a row-major Aᵀ) and B row-major
/// `[depth, columns]` (row stride `ldb`), read in place. Each C element is one chain of
/// multiply-adds over k in order, from 0: for depth ≤ `depthBlock` the bits of `multiply`.
/// Four rows of C at a time against one vector of columns (`Lanes`, then narrower vectors and
/// a last column alone): one load of B per depth step for four multiply-adds.
func unpackedProduct(
    rows: Int, _ a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
    _ b: UnsafePointer<Float>, ldb: Int, depth: Int, columns: Int, _ c: UnsafeMutablePointer<Float>, ldc: Int
) {
    precondition(depth <= depthBlock, "unpackedProduct: depth \(depth) is more than one block")
    let shape = ProductShape(rows: rows, a: a, rowStride: rowStride, depthStride: depthStride, b: b, ldb: ldb, depth: depth, c: c, ldc: ldc)
    var j = 0
    while j + Lanes.scalarCount <= columns {
        shape.columns(j, Lanes.self)
        j += Lanes.scalarCount
    }
    #if KERNELS_AVX512
    if j + 8 <= columns {
        shape.columns(j, SIMD8<Float>.self)
        j += 8
    }
    #endif
    if j + 4 <= columns {
        shape.columns(j, SIMD4<Float>.self)
        j += 4
    }
    if j + 2 <= columns {
        shape.columns(j, SIMD2<Float>.self)
        j += 2
    }
    if j < columns {
        for r in 0..<rows {
            var sum: Float = 0
            for k in 0..<depth { sum = multiplyAdd(sum, b[k * ldb + j], a[r * rowStride + k * depthStride]) }
            c[r * ldc + j] = sum
        }
    }
}

private struct ProductShape {
    let rows: Int, a: UnsafePointer<Float>, rowStride: Int, depthStride: Int
    let b: UnsafePointer<Float>, ldb: Int, depth: Int, c: UnsafeMutablePointer<Float>, ldc: Int

    /// C's columns j ..< j + V.scalarCount.
    @inline(__always)
    func columns<V: SIMD>(_ j: Int, _: V.Type) where V.Scalar == Float {
        let size = MemoryLayout<Float>.stride
        var r = 0
        while r + 4 <= rows {
            var c0 = V(), c1 = V(), c2 = V(), c3 = V()
            var ap = a + r * rowStride
            var bp = UnsafeRawPointer(b + j)
            for _ in 0..<depth {
                let bv = bp.loadUnaligned(as: V.self)
                c0 = multiplyAdd(c0, bv, V(repeating: ap[0]))
                c1 = multiplyAdd(c1, bv, V(repeating: ap[rowStride]))
                c2 = multiplyAdd(c2, bv, V(repeating: ap[2 * rowStride]))
                c3 = multiplyAdd(c3, bv, V(repeating: ap[3 * rowStride]))
                ap += depthStride
                bp += ldb * size
            }
            let out = UnsafeMutableRawPointer(c + r * ldc + j)
            out.storeBytes(of: c0, as: V.self)
            out.storeBytes(of: c1, toByteOffset: ldc * size, as: V.self)
            out.storeBytes(of: c2, toByteOffset: 2 * ldc * size, as: V.self)
            out.storeBytes(of: c3, toByteOffset: 3 * ldc * size, as: V.self)
            r += 4
        }
        while r < rows {
            var c0 = V()
            var ap = a + r * rowStride
            var bp = UnsafeRawPointer(b + j)
            for _ in 0..<depth {
                c0 = multiplyAdd(c0, bp.loadUnaligned(as: V.self), V(repeating: ap[0]))
                ap += depthStride
                bp += ldb * size
            }
            UnsafeMutableRawPointer(c + r * ldc + j).storeBytes(of: c0, as: V.self)
            r += 1
        }
    }
}
