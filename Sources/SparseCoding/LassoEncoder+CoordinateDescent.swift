// The `.lars` tile: y·Dᵀ for the tile, the homotopy for each row, a check of the optimality
// conditions, and coordinate descent with the Gram matrix and an active set to finish the
// rows whose path stopped short or whose check failed.
//
// Per row, with c = y·Dᵀ (one blocked product for the whole tile), G = D·Dᵀ and the residual
// correlations r = c − z·G (= D·(y − z·D)):
//     coordinate j:  z_j⁺ = shrink(z_j + r_j/G_jj, λ/G_jj),   r −= (z_j⁺ − z_j)·G_j     O(atoms)
// A full pass first recomputes r from c and the non-zero codes (so rounding never drifts), then
// visits every coordinate; it also collects the support. Active passes visit only that support.
// Once an active pass changes z by ‖Δz‖₂ ≤ tol·‖z‖₂ a full pass follows, and the row stops
// when a full pass meets the same test (no coordinate outside the support violates the
// optimality conditions |r_j| ≤ λ by more than the tolerance allows). When an active pass
// settles, the exact minimiser on the support and its signs replaces z (if its signs agree):
// coordinate descent alone converges slowly on coherent dictionaries.

extension LassoEncoder {
    /// Solves the rows `y` `[rows, features]` of one tile by the homotopy
    /// (LassoEncoder+Homotopy.swift) checked and finished by coordinate descent, writing their
    /// codes `[rows, atoms]` (which must be zero on entry), the iterations each took (path
    /// steps plus passes), whether each met the tolerance, and each final energy. Requires
    /// `gramMatrix`.
    func solveTileByHomotopy(
        _ y: UnsafePointer<Float>, rows: Int, options: Options,
        codes: UnsafeMutablePointer<Float>, iterations: UnsafeMutablePointer<Int32>,
        converged: UnsafeMutablePointer<Bool>, energies: UnsafeMutablePointer<Double>
    ) {
        guard let gramMatrix else { preconditionFailure("coordinate descent needs the Gram matrix") }
        let n = atoms, f = features
        // c = y·Dᵀ `[rows, atoms]`, r `[atoms]`, the per-coordinate steps 1/G_jj and thresholds
        // λ/G_jj `[atoms]`, and the support (indices) of the current row.
        let correlations = UnsafeMutablePointer<Float>.allocate(capacity: rows * n)
        defer { correlations.deallocate() }
        multiply(rows: rows, y, lda: f, transposedA: false, analysis, correlations, ldc: n, accumulate: false)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3 * n + 16)
        defer { scratch.deallocate() }
        let r = scratch, steps = scratch + n + 8, thresholds = scratch + 2 * n + 16
        let support = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        defer { support.deallocate() }
        for j in 0..<n {
            let diagonal = gramMatrix[j * n + j]
            // A zero atom never moves: step 0 keeps z_j = 0 (it does not change the objective).
            steps[j] = diagonal > 0 ? 1 / diagonal : 0
            thresholds[j] = options.lambda * steps[j]
        }
        let tolerance2 = Double(options.tolerance) * Double(options.tolerance)
        let positive = options.positive

        let work = HomotopyWorkspace(atoms: n, features: f)
        defer { work.deallocate() }
        gramMatrix.withUnsafeBufferPointer { g in
            let g = g.baseAddress!
            for row in 0..<rows {
                var pathSteps = 0
                let c = correlations + row * n, z = codes + row * n
                let (supportSize, reached) = homotopyRow(
                    c: c, gram: g, z: z, r: r, support: support,
                    atoms: n, lambda: options.lambda, positive: options.positive,
                    maxSteps: min(4 * work.capacity + 8, options.maxIterations - 1), steps: &pathSteps, work)
                // The path is exact on its active set; one pass checks that no other atom's
                // correlation exceeds λ (beyond rounding). Coordinate descent only runs if one
                // does, or if the path stopped short.
                if reached {
                    residualCorrelations(r, c: c, z: z, support: support, supportSize: supportSize, gram: g, atoms: n)
                    let bound = options.lambda * (1 + max(options.tolerance, 1e-5))
                    var violated = false
                    for j in 0..<n where z[j] == 0 && (positive ? r[j] : abs(r[j])) > bound { violated = true }
                    if !violated {
                        iterations[row] = Int32(pathSteps + 1)
                        converged[row] = true
                        continue
                    }
                }
                let (passes, done) = coordinateDescentRow(
                    c: correlations + row * n, gram: g, steps: steps, thresholds: thresholds,
                    z: codes + row * n, r: r, support: support, supportSize: supportSize, atoms: n,
                    lambda: options.lambda, tolerance2: tolerance2, positive: options.positive,
                    maxPasses: max(1, options.maxIterations - pathSteps), work)
                iterations[row] = Int32(pathSteps + passes)
                converged[row] = done
            }
        }

        var residual = [Double](repeating: 0, count: f)
        dictionary.withUnsafeBufferPointer { d in
            for row in 0..<rows {
                energies[row] = rowObjective(
                    y: y + row * f, z: codes + row * n, d.baseAddress!, atoms: n, features: f,
                    lambda: Double(options.lambda), residual: &residual)
            }
        }
    }
}

/// Coordinate descent for one row from z, whose non-zeros are `support[0..<supportSize]`
/// (see the file comment). Returns the passes taken (full and active) and whether the last
/// full pass met ‖Δz‖² ≤ tolerance2·‖z‖².
@inline(__always)
private func coordinateDescentRow(
    c: UnsafePointer<Float>, gram: UnsafePointer<Float>, steps: UnsafePointer<Float>,
    thresholds: UnsafePointer<Float>, z: UnsafeMutablePointer<Float>, r: UnsafeMutablePointer<Float>,
    support: UnsafeMutablePointer<Int32>, supportSize: Int, atoms n: Int, lambda: Float,
    tolerance2: Double, positive: Bool, maxPasses: Int, _ work: HomotopyWorkspace
) -> (passes: Int, converged: Bool) {
    var supportSize = supportSize
    var triedSupportSolve = false
    // The support and signs of the last solve (count, signed index sum): it is not repeated.
    var lastSolved = (count: -1, signature: 0)
    var passes = 0
    var full = true
    while passes < maxPasses {
        passes += 1
        var change: Float = 0
        if full {
            // r = c − z·G over the current support, in support order (fixed: the same bits
            // wherever the row sits).
            residualCorrelations(r, c: c, z: z, support: support, supportSize: supportSize, gram: gram, atoms: n)
            supportSize = 0
            // Eight coordinates at a time: a group in which no coordinate would move needs
            // only its support recorded; otherwise it is visited one coordinate after another,
            // exactly as the scalar pass would.
            var j = 0
            while j < n {
                if j + 8 <= n && !groupMoves(
                    z: z + j, r: r + j, steps: steps + j, thresholds: thresholds + j, positive: positive
                ) {
                    for lane in j..<(j + 8) where z[lane] != 0 {
                        support[supportSize] = Int32(lane)
                        supportSize += 1
                    }
                    j += 8
                    continue
                }
                for lane in j..<min(j + 8, n) {
                    let old = z[lane]
                    let v = old + r[lane] * steps[lane]
                    let t = thresholds[lane]
                    let new = positive ? positiveSoftThreshold(v, t) : softThreshold(v, t)
                    if new != old {
                        let delta = new - old
                        addScaled(r, -delta, gram + lane * n, count: n)
                        z[lane] = new
                        change += delta * delta
                    }
                    if new != 0 {
                        support[supportSize] = Int32(lane)
                        supportSize += 1
                    }
                }
                j += 8
            }
        } else {
            for s in 0..<supportSize {
                let j = Int(support[s])
                let old = z[j]
                let v = old + r[j] * steps[j]
                let t = thresholds[j]
                let new = positive ? positiveSoftThreshold(v, t) : softThreshold(v, t)
                if new != old {
                    let delta = new - old
                    addScaled(r, -delta, gram + j * n, count: n)
                    z[j] = new
                    change += delta * delta
                }
            }
        }
        var size: Float = 0
        for s in 0..<supportSize {
            let value = z[Int(support[s])]
            size += value * value
        }
        let small = Double(change) <= tolerance2 * Double(size)
        if full && small { return (passes, true) }
        if full { triedSupportSolve = false }
        // Once an active pass moves by less than 1% (the support and signs have settled), jump
        // to the exact minimiser on them, once per full pass and once per support and signs;
        // it is kept only when its signs agree. Coordinate descent alone converges slowly on coherent dictionaries.
        if !full && !triedSupportSolve && Double(change) <= max(tolerance2, 1e-4) * Double(size) {
            triedSupportSolve = true
            var signature = (count: 0, signature: 0)
            for s in 0..<supportSize where z[Int(support[s])] != 0 {
                let j = Int(support[s]) + 1
                signature.count += 1
                signature.signature &+= z[j - 1] > 0 ? j &* j : -j
            }
            if signature != lastSolved {
                lastSolved = signature
                if solveOnSupport(c: c, gram: gram, z: z, support: support, supportSize: supportSize,
                              atoms: n, lambda: lambda, work) {
                    full = true
                    continue
                }
            }
        }
        // A settled active pass hands over to a full pass; a full pass that moved goes on
        // with active passes over its support.
        full = small
    }
    return (passes, false)
}

/// Whether any of eight coordinates would move: shrink(z + r·step, threshold) ≠ z.
@inline(__always)
private func groupMoves(
    z: UnsafePointer<Float>, r: UnsafePointer<Float>, steps: UnsafePointer<Float>,
    thresholds: UnsafePointer<Float>, positive: Bool
) -> Bool {
    typealias V = SIMD8<Float>
    let zv = UnsafeRawPointer(z).loadUnaligned(as: V.self)
    let rv = UnsafeRawPointer(r).loadUnaligned(as: V.self)
    let sv = UnsafeRawPointer(steps).loadUnaligned(as: V.self)
    let upper = UnsafeRawPointer(thresholds).loadUnaligned(as: V.self)
    let v = zv + rv * sv
    var next = (v - upper).replacing(with: 0, where: v .<= upper)
    if !positive { next.replace(with: v + upper, where: v .< -upper) }
    return any(next .!= zv)
}

/// Replaces z on its support S (signs s) by the solution of G_SS·z_S = c_S − λ·s (Cholesky, in
/// Double), when G_SS is positive definite and the solution has the signs s. Returns whether
/// z changed. O(|S|³).
private func solveOnSupport(
    c: UnsafePointer<Float>, gram: UnsafePointer<Float>, z: UnsafeMutablePointer<Float>,
    support: UnsafePointer<Int32>, supportSize: Int, atoms n: Int, lambda: Float,
    _ work: HomotopyWorkspace
) -> Bool {
    // Zeros left on the support by the active passes are not part of S.
    let indices = work.indices
    var m = 0
    for s in 0..<supportSize where z[Int(support[s])] != 0 {
        guard m < work.capacity else { return false }
        indices[m] = support[s]
        m += 1
    }
    guard m > 0 else { return false }
    let cap = work.capacity, factor = work.inverse, x = work.temporary
    // Lower Cholesky factor of G_SS, row by row.
    for i in 0..<m {
        let gi = gram + Int(indices[i]) * n
        for k in 0...i {
            var sum = Double(gi[Int(indices[k])])
            for p in 0..<k { sum -= factor[i * cap + p] * factor[k * cap + p] }
            if k < i {
                factor[i * cap + k] = sum / factor[k * cap + k]
            } else {
                guard sum > 1e-6 * Double(gi[Int(indices[i])]) else { return false }
                factor[i * cap + i] = sum.squareRoot()
            }
        }
    }
    for i in 0..<m {
        let j = Int(indices[i])
        var sum = Double(c[j]) - Double(lambda) * (z[j] > 0 ? 1 : -1)
        for p in 0..<i { sum -= factor[i * cap + p] * x[p] }
        x[i] = sum / factor[i * cap + i]
    }
    for i in stride(from: m - 1, through: 0, by: -1) {
        var sum = x[i]
        for p in (i + 1)..<max(m, i + 1) { sum -= factor[p * cap + i] * x[p] }
        x[i] = sum / factor[i * cap + i]
    }
    for i in 0..<m where (x[i] > 0) != (z[Int(indices[i])] > 0) || x[i] == 0 { return false }
    for i in 0..<m { z[Int(indices[i])] = Float(x[i]) }
    return true
}

/// r = c − Σ_s z_{support_s}·G_{support_s} `[atoms]`, terms in support order: 32 atoms at a
/// time in four independent accumulators (one store of r per group, not one per term).
@inline(__always)
private func residualCorrelations(
    _ r: UnsafeMutablePointer<Float>, c: UnsafePointer<Float>, z: UnsafePointer<Float>,
    support: UnsafePointer<Int32>, supportSize: Int, gram: UnsafePointer<Float>, atoms n: Int
) {
    typealias V = SIMD8<Float>
    var j = 0
    while j + 32 <= n {
        let source = UnsafeRawPointer(c + j)
        var r0 = source.loadUnaligned(as: V.self)
        var r1 = source.loadUnaligned(fromByteOffset: 32, as: V.self)
        var r2 = source.loadUnaligned(fromByteOffset: 64, as: V.self)
        var r3 = source.loadUnaligned(fromByteOffset: 96, as: V.self)
        for s in 0..<supportSize {
            let atom = Int(support[s])
            let weight = V(repeating: -z[atom])
            let row = UnsafeRawPointer(gram + atom * n + j)
            r0 = r0.addingProduct(weight, row.loadUnaligned(as: V.self))
            r1 = r1.addingProduct(weight, row.loadUnaligned(fromByteOffset: 32, as: V.self))
            r2 = r2.addingProduct(weight, row.loadUnaligned(fromByteOffset: 64, as: V.self))
            r3 = r3.addingProduct(weight, row.loadUnaligned(fromByteOffset: 96, as: V.self))
        }
        let target = UnsafeMutableRawPointer(r + j)
        target.storeBytes(of: r0, as: V.self)
        target.storeBytes(of: r1, toByteOffset: 32, as: V.self)
        target.storeBytes(of: r2, toByteOffset: 64, as: V.self)
        target.storeBytes(of: r3, toByteOffset: 96, as: V.self)
        j += 32
    }
    while j < n {
        var value = c[j]
        for s in 0..<supportSize {
            let atom = Int(support[s])
            value = value.addingProduct(-z[atom], gram[atom * n + j])
        }
        r[j] = value
        j += 1
    }
}
