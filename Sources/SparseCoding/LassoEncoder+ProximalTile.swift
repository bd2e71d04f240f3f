// The proximal gradient loop of `LassoEncoder` over one tile of rows.
//
// Per row (FISTA with adaptive restart; ISTA is the same with no momentum):
//     z⁺ = shrink_{λ/L}(x − ∇f(x)/L),   ∇f(x) = x·G − y·Dᵀ  or  (x·D − y)·Dᵀ
//     if (x − z⁺)·(z⁺ − z) > 0: t = 1, x = z⁺          (momentum is going uphill: restart)
//     else: t⁺ = (1 + √(1 + 4t²))/2,  x = z⁺ + (t − 1)/t⁺ · (z⁺ − z)
// The rows still running are kept packed at the front of the tile's buffers, so each
// iteration is one or two blocked products over exactly the active rows.

extension LassoEncoder {
    /// Solves the rows `y` `[rows, features]` of one tile, writing their codes `[rows, atoms]`,
    /// the iterations each took, whether each met the tolerance, and each final energy.
    func solveTile(
        _ y: UnsafePointer<Float>, rows: Int, options: Options, step: Float,
        codes: UnsafeMutablePointer<Float>, iterations: UnsafeMutablePointer<Int32>,
        converged: UnsafeMutablePointer<Bool>, energies: UnsafeMutablePointer<Double>
    ) {
        let n = atoms, f = features
        // Iterate z, momentum point x, gradient (then z⁺) g, all `[active, atoms]`; the constant
        // part of the gradient, y·Dᵀ `[active, atoms]` (Gram form) or y itself `[active,
        // features]`; and, in the residual form, x·D − y `[active, features]`.
        let biasWidth = usesGram ? n : f
        let sizes = [rows * n, rows * n, rows * n, rows * biasWidth, usesGram ? 0 : rows * f]
        // One allocation, buffer i starting i·320 bytes past a 4 KB boundary: separately
        // mmap-ed buffers share their page offset, and the lock-step loads and stores of x, g
        // and z then stall on 4K aliasing (measured: 2× slower).
        var offsets = [Int](), total = 0
        for (i, size) in sizes.enumerated() {
            offsets.append(total + 80 * i)
            total += (80 * i + size + 1023) / 1024 * 1024
        }
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: total)
        defer { workspace.deallocate() }
        let z = workspace + offsets[0], x = workspace + offsets[1], g = workspace + offsets[2]
        let bias = workspace + offsets[3], residual = workspace + offsets[4]
        z.initialize(repeating: 0, count: rows * n)
        x.initialize(repeating: 0, count: rows * n)
        if usesGram {
            multiply(rows: rows, y, lda: f, transposedA: false, analysis, bias, ldc: n, accumulate: false)
        } else {
            bias.initialize(from: y, count: rows * f)
        }

        var momentum = [Double](repeating: 1, count: rows)
        var origin = Array(0..<rows)  // active slot → row of the tile
        var active = rows
        let threshold = options.lambda * step
        let tolerance = Double(options.tolerance)
        let accelerated = options.algorithm == .fista
        let positive = options.positive
        var iteration = 0

        while active > 0 && iteration < options.maxIterations {
            iteration += 1
            // g = ∇f(x) for the active rows, less y·Dᵀ in the Gram form (added back below).
            if let gram {
                multiply(rows: active, x, lda: n, transposedA: false, gram, g, ldc: n, accumulate: false)
            } else {
                multiply(rows: active, x, lda: n, transposedA: false, synthesis, residual, ldc: f, accumulate: false)
                for i in 0..<(active * f) { residual[i] -= bias[i] }
                multiply(rows: active, residual, lda: f, transposedA: false, analysis, g, ldc: n, accumulate: false)
            }

            var kept = 0
            for slot in 0..<active {
                let xs = x + slot * n, gs = g + slot * n, zs = z + slot * n
                let (change, size, uphill) = proximalStep(
                    x: xs, gradient: gs, offset: usesGram ? bias + slot * n : nil, z: zs, count: n,
                    step: step, threshold: threshold, positive: positive)
                var beta: Float = 0
                if accelerated {
                    if uphill > 0 {
                        momentum[slot] = 1
                    } else {
                        let t = momentum[slot]
                        let nextT = (1 + (1 + 4 * t * t).squareRoot()) / 2
                        beta = Float((t - 1) / nextT)
                        momentum[slot] = nextT
                    }
                }
                extrapolate(x: xs, next: gs, z: zs, count: n, beta: beta)

                if Double(change) <= tolerance * tolerance * Double(size) {
                    let row = origin[slot]
                    (codes + row * n).update(from: zs, count: n)
                    iterations[row] = Int32(iteration)
                    converged[row] = true
                } else {
                    // Keep the row running, packed into the next free slot.
                    if kept != slot {
                        (z + kept * n).update(from: zs, count: n)
                        (x + kept * n).update(from: xs, count: n)
                        (bias + kept * biasWidth).update(from: bias + slot * biasWidth, count: biasWidth)
                        momentum[kept] = momentum[slot]
                        origin[kept] = origin[slot]
                    }
                    kept += 1
                }
            }
            active = kept
        }
        for slot in 0..<active {
            let row = origin[slot]
            (codes + row * n).update(from: z + slot * n, count: n)
            iterations[row] = Int32(iteration)
            converged[row] = false
        }

        var scratch = [Double](repeating: 0, count: f)
        dictionary.withUnsafeBufferPointer { d in
            for row in 0..<rows {
                energies[row] = rowObjective(
                    y: y + row * f, z: codes + row * n, d.baseAddress!, atoms: n, features: f,
                    lambda: Double(options.lambda), residual: &scratch)
            }
        }
    }
}

/// The proximal gradient step of one row, written over the gradient buffer:
/// next = shrink(x − (gradient − offset)·step, threshold) (offset: y·Dᵀ in the Gram form),
/// returning ‖next − z‖², ‖next‖² and the restart test (x − next)·(next − z).
///
/// Eight lanes at a time; the lane sums are combined in a fixed order, so the result is the
/// same bits in every build and on every thread.
@inline(__always)
private func proximalStep(
    x: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>, offset: UnsafeMutablePointer<Float>?,
    z: UnsafeMutablePointer<Float>, count: Int, step: Float, threshold: Float, positive: Bool
) -> (change: Float, size: Float, uphill: Float) {
    typealias V = SIMD8<Float>
    let lanes = V.scalarCount
    let stepV = V(repeating: step), upper = V(repeating: threshold), lower = V(repeating: -threshold)
    var change = V(), size = V(), uphill = V()
    var j = 0
    while j + lanes <= count {
        let xv = load(x + j), zv = load(z + j)
        var gv = load(gradient + j)
        if let offset { gv -= load(offset + j) }
        let v = xv - gv * stepV
        // shrink(v): v − t where v > t, v + t where v < −t, else 0 (mask selects: the
        // generic pointwise min/max behind `clamped` are not inlined).
        var next = (v - upper).replacing(with: 0, where: v .<= upper)
        if !positive { next.replace(with: v - lower, where: v .< lower) }
        let delta = next - zv
        change += delta * delta
        size += next * next
        uphill += (xv - next) * delta
        UnsafeMutableRawPointer(gradient + j).storeBytes(of: next, as: V.self)
        j += lanes
    }
    var sums = (change: fixedOrderSum(change), size: fixedOrderSum(size), uphill: fixedOrderSum(uphill))
    while j < count {
        var gj = gradient[j]
        if let offset { gj -= offset[j] }
        let v = x[j] - gj * step
        let next = positive ? positiveSoftThreshold(v, threshold) : softThreshold(v, threshold)
        let delta = next - z[j]
        sums.change += delta * delta
        sums.size += next * next
        sums.uphill += (x[j] - next) * delta
        gradient[j] = next
        j += 1
    }
    return sums
}

/// x = next + beta·(next − z), then z = next, for one row.
@inline(__always)
private func extrapolate(
    x: UnsafeMutablePointer<Float>, next: UnsafeMutablePointer<Float>, z: UnsafeMutablePointer<Float>,
    count: Int, beta: Float
) {
    typealias V = SIMD8<Float>
    let lanes = V.scalarCount
    let betaV = V(repeating: beta)
    var j = 0
    while j + lanes <= count {
        let nv = load(next + j), zv = load(z + j)
        UnsafeMutableRawPointer(x + j).storeBytes(of: nv + betaV * (nv - zv), as: V.self)
        UnsafeMutableRawPointer(z + j).storeBytes(of: nv, as: V.self)
        j += lanes
    }
    while j < count {
        x[j] = next[j] + beta * (next[j] - z[j])
        z[j] = next[j]
        j += 1
    }
}

@inline(__always)
private func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// The lanes' sum as a fixed tree ((0+4)+(2+6))+((1+5)+(3+7)) (`SIMD.sum()` leaves the order
/// unspecified).
@inline(__always)
private func fixedOrderSum(_ v: SIMD8<Float>) -> Float {
    let half = v.lowHalf + v.highHalf
    let quarter = half.lowHalf + half.highHalf
    return quarter[0] + quarter[1]
}
