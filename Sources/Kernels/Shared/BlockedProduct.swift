// The blocked single-precision matrix product behind `matmul`, the encoders and the learners.
//
// GotoBLAS layout: B is re-laid out once into panels `microColumns` wide (`packRight`); a
// transposed A is re-laid out per (row block, depth block) into panels `microRows` tall (a
// row-major A is read in place, only a last partial panel packed); and the path's
// register-tiled micro-kernel (at the end of this file, one per instruction set) computes one
// `microRows × microColumns` tile of C from one A panel and one B panel.
//
// Every C element is one chain of multiply-adds over each depth block of `depthBlock`, in
// depth order, the blocks added in order: the same sequence wherever its row falls and
// whatever the tile shape. Splitting rows across threads never changes a bit, and the paths
// with fused multiply-add (AVX-512, AVX2) give the same bits as each other.

#if KERNELS_FMA
import KernelArithmeticFused
#else
import KernelArithmeticSeparate
#endif

/// Depth block (kc): an A panel of `microRows × depthBlock` and a B panel of
/// `depthBlock × microColumns` stay in L1 while a tile is computed. The same on every path (it
/// fixes the order of the sums).
let depthBlock = 256
/// Row block (mc, a multiple of `microRows` on every path): the packed A block (≤ 96 KB) stays
/// in L2.
let rowBlock = 96

/// Packs B `[depth, columns]` (row stride `stride`), or, when `transposed`, Bᵀ from a matrix
/// stored as `[columns, depth]` (row stride `stride`), into `out` (`packedRightCount` floats).
///
/// Layout: for each depth block starting at `k0` (length `kcb`), one panel of
/// `kcb × microColumns` floats per `microColumns` columns, zero-padded past `columns`; the
/// block starts at `k0 * panels * microColumns`.
func packRight(
    _ b: UnsafePointer<Float>, depth: Int, columns: Int, stride: Int, transposed: Bool,
    into out: UnsafeMutablePointer<Float>
) {
    let panels = (columns + microColumns - 1) / microColumns
    var k0 = 0
    while k0 < depth {
        let kcb = min(depthBlock, depth - k0)
        let blockBase = k0 * panels * microColumns
        for panel in 0..<panels {
            let panelBase = out + blockBase + panel * kcb * microColumns
            if !transposed {
                // Row-major B: each depth row of the panel is a contiguous run of B's row.
                let first = panel * microColumns, width = min(microColumns, columns - first)
                var source = b + k0 * stride + first
                var target = panelBase
                for _ in 0..<kcb {
                    target.initialize(from: source, count: width)
                    if width < microColumns { (target + width).initialize(repeating: 0, count: microColumns - width) }
                    target += microColumns
                    source += stride
                }
                continue
            }
            for c in 0..<microColumns {
                let column = panel * microColumns + c
                // Pointers step through B and the panel: index products in the inner loop,
                // overflow-checked in release builds, would cost more than the copy.
                var target = panelBase + c
                if column >= columns {
                    for _ in 0..<kcb { target.pointee = 0; target += microColumns }
                } else {
                    var source = b + column * stride + k0
                    for _ in 0..<kcb { target.pointee = source.pointee; target += microColumns; source += 1 }
                }
            }
        }
        k0 += kcb
    }
}

/// C `[rows, columns]` (row stride `ldc`) = A·B, or += A·B when `accumulate`, with B packed by
/// `packRight` (`depth × columns`). A is `[rows, depth]` with row stride `lda`, or, when
/// `transposedA`, Aᵀ is stored as `[depth, rows]` with row stride `lda`. Runs on the calling thread.
func multiply(
    rows: Int, _ a: UnsafePointer<Float>, lda: Int, transposedA: Bool,
    packed b: UnsafePointer<Float>, depth: Int, columns: Int,
    _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
) {
    guard rows > 0, columns > 0 else { return }
    if depth == 0 {
        if !accumulate {
            for i in 0..<rows { (c + i * ldc).initialize(repeating: 0, count: columns) }
        }
        return
    }
    let panels = (columns + microColumns - 1) / microColumns
    // A row-major A is read in place (its rows are the panel's rows, `lda` apart): packing it
    // would cost a pass over A per row block, as much as the product itself when B has few
    // columns (measured: 4096×256·256×64 at 107 GFLOP/s packed, 146 in place).
    let direct = !transposedA
    let packedA = UnsafeMutablePointer<Float>.allocate(capacity: rowBlock * depthBlock)
    defer { packedA.deallocate() }
    var k0 = 0
    while k0 < depth {
        let kcb = min(depthBlock, depth - k0)
        // Later depth blocks add onto the partial sums of the earlier ones.
        let add = accumulate || k0 > 0
        var i0 = 0
        while i0 < rows {
            let mcb = min(rowBlock, rows - i0)
            if direct {
                // Only a last, partial panel is packed (zero-padded); whole panels are read in place.
                let whole = mcb / microRows * microRows
                if whole < mcb {
                    packLeft(a, lda: lda, transposed: false, rows: (i0 + whole)..<(i0 + mcb),
                             depth: k0..<(k0 + kcb), into: packedA + whole * kcb)
                }
            } else {
                packLeft(a, lda: lda, transposed: transposedA, rows: i0..<(i0 + mcb),
                         depth: k0..<(k0 + kcb), into: packedA)
            }
            for panel in 0..<panels {
                let bp = b + k0 * panels * microColumns + panel * kcb * microColumns
                let j = panel * microColumns
                let width = min(microColumns, columns - j)
                var r = 0
                while r < mcb {
                    let height = min(microRows, mcb - r)
                    if direct && height == microRows {
                        microKernel(
                            depth: kcb, a + (i0 + r) * lda + k0, rowStride: lda, depthStride: 1, bp,
                            c + (i0 + r) * ldc + j, ldc: ldc, height: height, width: width, accumulate: add)
                    } else {
                        microKernel(
                            depth: kcb, packedA + r * kcb, rowStride: 1, depthStride: microRows, bp,
                            c + (i0 + r) * ldc + j, ldc: ldc, height: height, width: width, accumulate: add)
                    }
                    r += microRows
                }
            }
            i0 += mcb
        }
        k0 += kcb
    }
}

/// Packs A's rows `rows` × depths `depth` into panels of `microRows` rows, depth-major
/// (`[panel][p][r]`), zero-padding the last panel.
@inline(__always)
private func packLeft(
    _ a: UnsafePointer<Float>, lda: Int, transposed: Bool, rows: Range<Int>, depth: Range<Int>,
    into out: UnsafeMutablePointer<Float>
) {
    let kcb = depth.count
    var panelStart = rows.lowerBound
    var dst = out
    while panelStart < rows.upperBound {
        let height = min(microRows, rows.upperBound - panelStart)
        // Pointers step through the panel (no index products in the loops: with overflow
        // checks kept in release builds, `p * microRows + r` costs more than the copy).
        if transposed {
            var src = a + depth.lowerBound * lda + panelStart
            var column = dst
            for _ in 0..<kcb {
                for r in 0..<height { column[r] = src[r] }
                for r in height..<microRows { column[r] = 0 }
                src += lda
                column += microRows
            }
        } else {
            for r in 0..<microRows {
                var target = dst + r
                if r < height {
                    var src = a + (panelStart + r) * lda + depth.lowerBound
                    for _ in 0..<kcb { target.pointee = src.pointee; target += microRows; src += 1 }
                } else {
                    for _ in 0..<kcb { target.pointee = 0; target += microRows }
                }
            }
        }
        dst += kcb * microRows
        panelStart += microRows
    }
}

/// Writes the top-left `height × width` corner of a tile held as `microRows` rows of
/// `microColumns` floats (row-major, `tile`) into C, adding when `accumulate`.
@inline(__always)
func storeCorner(
    _ tile: UnsafeRawBufferPointer, _ c: UnsafeMutablePointer<Float>, ldc: Int, height: Int, width: Int,
    accumulate: Bool
) {
    let values = tile.bindMemory(to: Float.self)
    for r in 0..<height {
        let row = c + r * ldc
        for j in 0..<width {
            let v = values[r * microColumns + j]
            row[j] = accumulate ? row[j] + v : v
        }
    }
}

/// Stores (or adds) one SIMD row of a tile at `c`.
@inline(__always)
func storeRow<V: SIMD>(_ v: V, _ c: UnsafeMutablePointer<Float>, _ accumulate: Bool) where V.Scalar == Float {
    let raw = UnsafeMutableRawPointer(c)
    if accumulate {
        raw.storeBytes(of: raw.loadUnaligned(as: V.self) + v, as: V.self)
    } else {
        raw.storeBytes(of: v, as: V.self)
    }
}

// MARK: The register tile of each path
// In this file, not one per path: the micro-kernel must be inlined into `multiply`, and a
// function of another file is inlined only in whole-module (release) builds.

#if KERNELS_AVX512
// 12 rows × 32 columns, two 512-bit registers a row: 24 accumulators, two B vectors and the
// broadcasts (folded into the FMAs as embedded broadcasts) use 26 of the 32 registers, and
// each B vector is reused by 12 FMAs.

/// Rows of the register tile.
let microRows = 12
/// Columns of the register tile (two `SIMD16<Float>`).
let microColumns = 32

/// One `microRows × microColumns` tile: C (+)= Apanel·Bpanel over `depth`, writing only the
/// top-left `height × width` corner. Each product is one `vfmadd231ps` on a 512-bit register.
@inline(__always)
func microKernel(
    depth: Int, _ a: UnsafePointer<Float>, rowStride: Int, depthStride: Int, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, ldc: Int, height: Int, width: Int, accumulate: Bool
) {
    typealias V = SIMD16<Float>
    var c0a = V(), c0b = V()
    var c1a = V(), c1b = V()
    var c2a = V(), c2b = V()
    var c3a = V(), c3b = V()
    var c4a = V(), c4b = V()
    var c5a = V(), c5b = V()
    var c6a = V(), c6b = V()
    var c7a = V(), c7b = V()
    var c8a = V(), c8b = V()
    var c9a = V(), c9b = V()
    var c10a = V(), c10b = V()
    var c11a = V(), c11b = V()
    var ap = a
    var bp = UnsafeRawPointer(b)
    for _ in 0..<depth {
        let left = bp.loadUnaligned(as: V.self)
        let right = bp.loadUnaligned(fromByteOffset: 64, as: V.self)
        let a0 = V(repeating: ap[0])
        c0a = multiplyAdd(c0a, left, a0); c0b = multiplyAdd(c0b, right, a0)
        let a1 = V(repeating: ap[1 * rowStride])
        c1a = multiplyAdd(c1a, left, a1); c1b = multiplyAdd(c1b, right, a1)
        let a2 = V(repeating: ap[2 * rowStride])
        c2a = multiplyAdd(c2a, left, a2); c2b = multiplyAdd(c2b, right, a2)
        let a3 = V(repeating: ap[3 * rowStride])
        c3a = multiplyAdd(c3a, left, a3); c3b = multiplyAdd(c3b, right, a3)
        let a4 = V(repeating: ap[4 * rowStride])
        c4a = multiplyAdd(c4a, left, a4); c4b = multiplyAdd(c4b, right, a4)
        let a5 = V(repeating: ap[5 * rowStride])
        c5a = multiplyAdd(c5a, left, a5); c5b = multiplyAdd(c5b, right, a5)
        let a6 = V(repeating: ap[6 * rowStride])
        c6a = multiplyAdd(c6a, left, a6); c6b = multiplyAdd(c6b, right, a6)
        let a7 = V(repeating: ap[7 * rowStride])
        c7a = multiplyAdd(c7a, left, a7); c7b = multiplyAdd(c7b, right, a7)
        let a8 = V(repeating: ap[8 * rowStride])
        c8a = multiplyAdd(c8a, left, a8); c8b = multiplyAdd(c8b, right, a8)
        let a9 = V(repeating: ap[9 * rowStride])
        c9a = multiplyAdd(c9a, left, a9); c9b = multiplyAdd(c9b, right, a9)
        let a10 = V(repeating: ap[10 * rowStride])
        c10a = multiplyAdd(c10a, left, a10); c10b = multiplyAdd(c10b, right, a10)
        let a11 = V(repeating: ap[11 * rowStride])
        c11a = multiplyAdd(c11a, left, a11); c11b = multiplyAdd(c11b, right, a11)
        ap += depthStride
        bp += 2 * MemoryLayout<V>.stride
    }
    if height == microRows && width == microColumns {
        storeRow(c0a, c, accumulate); storeRow(c0b, c + 16, accumulate)
        storeRow(c1a, c + ldc, accumulate); storeRow(c1b, c + ldc + 16, accumulate)
        storeRow(c2a, c + 2 * ldc, accumulate); storeRow(c2b, c + 2 * ldc + 16, accumulate)
        storeRow(c3a, c + 3 * ldc, accumulate); storeRow(c3b, c + 3 * ldc + 16, accumulate)
        storeRow(c4a, c + 4 * ldc, accumulate); storeRow(c4b, c + 4 * ldc + 16, accumulate)
        storeRow(c5a, c + 5 * ldc, accumulate); storeRow(c5b, c + 5 * ldc + 16, accumulate)
        storeRow(c6a, c + 6 * ldc, accumulate); storeRow(c6b, c + 6 * ldc + 16, accumulate)
        storeRow(c7a, c + 7 * ldc, accumulate); storeRow(c7b, c + 7 * ldc + 16, accumulate)
        storeRow(c8a, c + 8 * ldc, accumulate); storeRow(c8b, c + 8 * ldc + 16, accumulate)
        storeRow(c9a, c + 9 * ldc, accumulate); storeRow(c9b, c + 9 * ldc + 16, accumulate)
        storeRow(c10a, c + 10 * ldc, accumulate); storeRow(c10b, c + 10 * ldc + 16, accumulate)
        storeRow(c11a, c + 11 * ldc, accumulate); storeRow(c11b, c + 11 * ldc + 16, accumulate)
        return
    }
    withUnsafeTemporaryAllocation(of: V.self, capacity: 2 * microRows) { tile in
        tile[0] = c0a; tile[1] = c0b
        tile[2] = c1a; tile[3] = c1b
        tile[4] = c2a; tile[5] = c2b
        tile[6] = c3a; tile[7] = c3b
        tile[8] = c4a; tile[9] = c4b
        tile[10] = c5a; tile[11] = c5b
        tile[12] = c6a; tile[13] = c6b
        tile[14] = c7a; tile[15] = c7b
        tile[16] = c8a; tile[17] = c8b
        tile[18] = c9a; tile[19] = c9b
        tile[20] = c10a; tile[21] = c10b
        tile[22] = c11a; tile[23] = c11b
        storeCorner(UnsafeRawBufferPointer(tile), c, ldc: ldc, height: height, width: width, accumulate: accumulate)
    }
}

#else
// 6 rows × one `TileRow` (16 columns, or 8 on x86-64 without AVX): 12 accumulators, one or two B
// vectors and a broadcast fit 16 registers (AVX2: a SIMD16 is two 256-bit registers; SSE2: a
// SIMD8 is two 128-bit ones). On arm64, NEON's 32 registers hold the 24 four-lane accumulators
// of 6 × 16.

/// Rows of the register tile.
let microRows = 6
#if KERNELS_FMA || arch(arm64)
/// Columns of the register tile (one `SIMD16<Float>`).
let microColumns = 16
typealias TileRow = SIMD16<Float>
#else
/// Columns of the register tile (one `SIMD8<Float>`).
let microColumns = 8
typealias TileRow = SIMD8<Float>
#endif

/// One `microRows × microColumns` tile: C (+)= Apanel·Bpanel over `depth`, writing only the
/// top-left `height × width` corner.
@inline(__always)
func microKernel(
    depth: Int, _ a: UnsafePointer<Float>, rowStride: Int, depthStride: Int, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, ldc: Int, height: Int, width: Int, accumulate: Bool
) {
    typealias V = TileRow
    var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
    var ap = a
    var bp = UnsafeRawPointer(b)
    for _ in 0..<depth {
        let bv = bp.loadUnaligned(as: V.self)
        c0 = multiplyAdd(c0, bv, V(repeating: ap[0]))
        c1 = multiplyAdd(c1, bv, V(repeating: ap[1 * rowStride]))
        c2 = multiplyAdd(c2, bv, V(repeating: ap[2 * rowStride]))
        c3 = multiplyAdd(c3, bv, V(repeating: ap[3 * rowStride]))
        c4 = multiplyAdd(c4, bv, V(repeating: ap[4 * rowStride]))
        c5 = multiplyAdd(c5, bv, V(repeating: ap[5 * rowStride]))
        ap += depthStride
        bp += MemoryLayout<V>.stride
    }
    if height == microRows && width == microColumns {
        storeRow(c0, c, accumulate)
        storeRow(c1, c + ldc, accumulate)
        storeRow(c2, c + 2 * ldc, accumulate)
        storeRow(c3, c + 3 * ldc, accumulate)
        storeRow(c4, c + 4 * ldc, accumulate)
        storeRow(c5, c + 5 * ldc, accumulate)
        return
    }
    withUnsafeBytes(of: (c0, c1, c2, c3, c4, c5)) { tile in
        storeCorner(tile, c, ldc: ldc, height: height, width: width, accumulate: accumulate)
    }
}
#endif
