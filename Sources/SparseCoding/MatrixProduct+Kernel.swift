// The blocked single-precision matrix product behind `matmul` and the encoder.
//
// GotoBLAS layout: B is re-laid out once into panels `microColumns` wide, A is re-laid out per
// (row block, depth block) into panels `microRows` tall, and a register-tiled micro-kernel
// computes one `microRows × microColumns` tile of C from one A panel and one B panel.
// Each C element is the same sequence of multiplies and adds wherever its row falls in the
// batch, so splitting rows across threads or tiles never changes a single bit.

/// Rows of the register tile. 6 rows × one SIMD16 (two AVX registers) = 12 accumulators,
/// which with two B vectors and one broadcast fit the 16 AVX registers without spilling.
let microRows = 6
/// Columns of the register tile (one `SIMD16<Float>`).
let microColumns = 16
/// Depth block (kc): an A panel of `microRows × depthBlock` (6 KB) and a B panel of
/// `depthBlock × microColumns` (16 KB) stay in L1 while the tile is computed.
let depthBlock = 256
/// Row block (mc, a multiple of `microRows`): the packed A block (96 KB) stays in L2.
let rowBlock = 96

/// The right operand B `[depth, columns]` of C = A·B, packed once into panels so that it can
/// be reused by every product with it (the encoder packs its dictionary once).
///
/// Layout: for each depth block starting at `k0` (length `kcb`), `panels` panels of
/// `kcb × microColumns` floats, zero-padded past `columns`; the block starts at
/// `k0 * panels * microColumns`.
struct PackedRightOperand: Sendable {
    let depth: Int
    let columns: Int
    let panels: Int
    let storage: [Float]

    /// Packs B `[depth, columns]` (row stride `stride`), or, when `transposed`, packs Bᵀ
    /// from a matrix stored as `[columns, depth]` (row stride `stride`).
    init(_ b: UnsafePointer<Float>, depth: Int, columns: Int, stride: Int, transposed: Bool) {
        self.depth = depth
        self.columns = columns
        let panels = (columns + microColumns - 1) / microColumns
        self.panels = panels
        storage = [Float](unsafeUninitializedCapacity: depth * panels * microColumns) { out, initialized in
            var k0 = 0
            while k0 < depth {
                let kcb = min(depthBlock, depth - k0)
                let blockBase = k0 * panels * microColumns
                for panel in 0..<panels {
                    let panelBase = out.baseAddress! + blockBase + panel * kcb * microColumns
                    for c in 0..<microColumns {
                        let column = panel * microColumns + c
                        // Pointers step through B and the panel: index products in the inner
                        // loop, overflow-checked in release builds, would cost more than the copy.
                        var target = panelBase + c
                        if column >= columns {
                            for _ in 0..<kcb { target.pointee = 0; target += microColumns }
                        } else if transposed {
                            var source = b + column * stride + k0
                            for _ in 0..<kcb { target.pointee = source.pointee; target += microColumns; source += 1 }
                        } else {
                            var source = b + k0 * stride + column
                            for _ in 0..<kcb { target.pointee = source.pointee; target += microColumns; source += stride }
                        }
                    }
                }
                k0 += kcb
            }
            initialized = depth * panels * microColumns
        }
    }

    init(_ b: [Float], depth: Int, columns: Int, transposed: Bool) {
        precondition(b.count == depth * columns, "packed operand: count \(b.count) != \(depth)×\(columns)")
        self = b.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                return PackedRightOperand(emptyDepth: depth, columns: columns)
            }
            return PackedRightOperand(
                base, depth: depth, columns: columns, stride: transposed ? depth : columns,
                transposed: transposed)
        }
    }

    /// An operand with no elements (`depth` or `columns` is 0).
    private init(emptyDepth depth: Int, columns: Int) {
        self.depth = depth
        self.columns = columns
        panels = (columns + microColumns - 1) / microColumns
        storage = []
    }
}

/// C `[rows, b.columns]` (row stride `ldc`) = A·B, or += A·B when `accumulate`.
/// A is `[rows, b.depth]` with row stride `lda`, or, when `transposedA`, Aᵀ is stored as
/// `[b.depth, rows]` with row stride `lda`. Runs on the calling thread.
func multiply(
    rows: Int, _ a: UnsafePointer<Float>, lda: Int, transposedA: Bool,
    _ b: PackedRightOperand, _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
) {
    let depth = b.depth, columns = b.columns
    guard rows > 0, columns > 0 else { return }
    if depth == 0 {
        if !accumulate {
            for i in 0..<rows { (c + i * ldc).initialize(repeating: 0, count: columns) }
        }
        return
    }
    let packedA = UnsafeMutablePointer<Float>.allocate(capacity: rowBlock * depthBlock)
    defer { packedA.deallocate() }
    b.storage.withUnsafeBufferPointer { storage in
        let bBase = storage.baseAddress!
        var k0 = 0
        while k0 < depth {
            let kcb = min(depthBlock, depth - k0)
            // Later depth blocks add onto the partial sums of the earlier ones.
            let add = accumulate || k0 > 0
            var i0 = 0
            while i0 < rows {
                let mcb = min(rowBlock, rows - i0)
                packLeft(a, lda: lda, transposed: transposedA, rows: i0..<(i0 + mcb),
                         depth: k0..<(k0 + kcb), into: packedA)
                for panel in 0..<b.panels {
                    let bp = bBase + k0 * b.panels * microColumns + panel * kcb * microColumns
                    let j = panel * microColumns
                    let width = min(microColumns, columns - j)
                    var r = 0
                    while r < mcb {
                        let height = min(microRows, mcb - r)
                        microKernel(
                            depth: kcb, packedA + r * kcb, bp, c + (i0 + r) * ldc + j, ldc: ldc,
                            height: height, width: width, accumulate: add)
                        r += microRows
                    }
                }
                i0 += mcb
            }
            k0 += kcb
        }
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

/// One `microRows × microColumns` tile: C (+)= Apanel·Bpanel over `depth`, writing only the
/// top-left `height × width` corner. Fused multiply-add (`addingProduct`): the engine is
/// built for Haswell, where it is one `vfmadd231ps` on 256-bit registers per half-row.
@inline(__always)
private func microKernel(
    depth: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, ldc: Int, height: Int, width: Int, accumulate: Bool
) {
    typealias V = SIMD16<Float>
    var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
    var ap = a
    var bp = UnsafeRawPointer(b)
    for _ in 0..<depth {
        let bv = bp.loadUnaligned(as: V.self)
        c0 = c0.addingProduct(bv, V(repeating: ap[0]))
        c1 = c1.addingProduct(bv, V(repeating: ap[1]))
        c2 = c2.addingProduct(bv, V(repeating: ap[2]))
        c3 = c3.addingProduct(bv, V(repeating: ap[3]))
        c4 = c4.addingProduct(bv, V(repeating: ap[4]))
        c5 = c5.addingProduct(bv, V(repeating: ap[5]))
        ap += microRows
        bp += MemoryLayout<V>.stride
    }
    if height == microRows && width == microColumns {
        store(c0, c, accumulate)
        store(c1, c + ldc, accumulate)
        store(c2, c + 2 * ldc, accumulate)
        store(c3, c + 3 * ldc, accumulate)
        store(c4, c + 4 * ldc, accumulate)
        store(c5, c + 5 * ldc, accumulate)
        return
    }
    let tile = (c0, c1, c2, c3, c4, c5)
    withUnsafeBytes(of: tile) { raw in
        let values = raw.bindMemory(to: Float.self)
        for r in 0..<height {
            let row = c + r * ldc
            for j in 0..<width {
                let v = values[r * microColumns + j]
                row[j] = accumulate ? row[j] + v : v
            }
        }
    }
}

@inline(__always)
private func store(_ v: SIMD16<Float>, _ c: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
    let raw = UnsafeMutableRawPointer(c)
    if accumulate {
        raw.storeBytes(of: raw.loadUnaligned(as: SIMD16<Float>.self) + v, as: SIMD16<Float>.self)
    } else {
        raw.storeBytes(of: v, as: SIMD16<Float>.self)
    }
}

/// `multiply` with the rows of C split across the processors when the product is large
/// enough to pay for the threads (≥ 4 MFLOP). Bitwise identical to the serial product.
func multiplyInParallel(
    rows: Int, _ a: UnsafePointer<Float>, lda: Int, transposedA: Bool,
    _ b: PackedRightOperand, _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
) {
    let flops = 2 * rows * b.depth * b.columns
    let parts = flops >= 1 << 22 ? processorCount : 1
    forEachRange(rows, parts: parts, granularity: microRows) { range in
        let aStart = transposedA ? a + range.lowerBound : a + range.lowerBound * lda
        multiply(rows: range.count, aStart, lda: lda, transposedA: transposedA, b,
                 c + range.lowerBound * ldc, ldc: ldc, accumulate: accumulate)
    }
}
