// Coordinate descent for one row with the Gram matrix and an active set: the finishing step of
// the `.lars` tile (LassoEncoder+LARSTile.swift) and the whole of the `.cd` tile
// (LassoEncoder+CoordinateDescentTile.swift).
//
// Per row, with c = y·Dᵀ (one blocked product for the whole tile), G = D·Dᵀ and the residual
// correlations r = c − z·G (= D·(y − z·D)):
//     coordinate j:  z_j⁺ = shrink(z_j + r_j/G_jj, λ/G_jj),   r −= (z_j⁺ − z_j)·G_j     O(atoms)
// A full pass first recomputes r from c and the non-zero codes (so rounding never drifts), then
// visits every coordinate; it also collects the support. Active passes visit only that support.
// Once an active pass changes z by ‖Δz‖₂ ≤ tol·‖z‖₂ a full pass follows, and the row stops
// when a full pass meets the same test (no coordinate outside the support violates the
// optimality conditions |r_j| ≤ λ by more than the tolerance allows). Active passes update r
// on the support only (G_SS gathered once per run of active passes; the full pass recomputes r).
// When an active pass settles, z moves to the exact minimiser on the support and its signs, or
// (feature-sign search) towards it as far as the first sign change, dropping that atom:
// coordinate descent alone converges slowly on coherent dictionaries.

import KernelSupport
#if KERNELS_FMA
import KernelArithmeticFused
#else
import KernelArithmeticSeparate
#endif

/// Coordinate descent for one row from z, whose non-zeros are `support[0..<supportSize]`
/// (see the file comment); `r` need not hold anything on entry. Returns the passes taken (full
/// and active) and whether the row converged: a full pass met ‖Δz‖² ≤ tolerance2·‖z‖², or
/// admitted no atom after an exact solve on the support.
@inline(__always)
func coordinateDescentRow(
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
    var gathered = false
    var solvedExactly = false
    while passes < maxPasses {
        passes += 1
        var change: Float = 0
        var supportChanged = false
        if full {
            gathered = false
            // r = c − z·G over the current support, in support order (fixed: the same bits
            // wherever the row sits).
            residualCorrelations(r, c: c, z: z, support: support, supportSize: supportSize, gram: gram, atoms: n)
            supportSize = 0
            // A vector of coordinates at a time: a group in which no coordinate would move
            // needs only its support recorded; otherwise it is visited one coordinate after
            // another, exactly as the scalar pass would (so the group's width never changes
            // the result).
            let group = Lanes.scalarCount
            var j = 0
            while j < n {
                if j + group <= n && !groupMoves(
                    z: z + j, r: r + j, steps: steps + j, thresholds: thresholds + j, positive: positive
                ) {
                    for lane in j..<(j + group) where z[lane] != 0 {
                        support[supportSize] = Int32(lane)
                        supportSize += 1
                    }
                    j += group
                    continue
                }
                for lane in j..<min(j + group, n) {
                    let old = z[lane]
                    let v = old + r[lane] * steps[lane]
                    let t = thresholds[lane]
                    let new = positive ? positiveSoftThreshold(v, t) : softThreshold(v, t)
                    if new != old {
                        let delta = new - old
                        addScaled(r, -delta, gram + lane * n, count: n)
                        z[lane] = new
                        change += delta * delta
                        if (old == 0) != (new == 0) { supportChanged = true }
                    }
                    if new != 0 {
                        support[supportSize] = Int32(lane)
                        supportSize += 1
                    }
                }
                j += group
            }
        } else if supportSize <= work.capacity {
            // Active passes read and update r on the support only, with G_SS gathered once per
            // run of active passes: O(|S|) per move instead of O(atoms). r off the support goes
            // stale; the next full pass recomputes it.
            let m = supportSize, cap = work.capacity
            let local = work.supportGram, rs = work.supportCorrelations
            if !gathered {
                for s in 0..<m {
                    let row = gram + Int(support[s]) * n
                    for t in 0..<m { local[s * cap + t] = row[Int(support[t])] }
                    rs[s] = r[Int(support[s])]
                }
                gathered = true
            }
            for s in 0..<m {
                let j = Int(support[s])
                let old = z[j]
                let v = old + rs[s] * steps[j]
                let t = thresholds[j]
                let new = positive ? positiveSoftThreshold(v, t) : softThreshold(v, t)
                if new != old {
                    let delta = new - old
                    addScaled(rs, -delta, local + s * cap, count: m)
                    z[j] = new
                    change += delta * delta
                }
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
        // After an exact solve on the support, a full pass in which no atom joined or left
        // proves the optimality conditions (|r_j| ≤ λ off the support) up to rounding; the
        // support coordinates then move only by rounding, which can exceed a tolerance near
        // single precision.
        if full && (small || (solvedExactly && !supportChanged)) { return (passes, true) }
        if full { triedSupportSolve = false; solvedExactly = false }
        // Once an active pass moves by less than 1% (the support and signs have settled), jump
        // to the exact minimiser on them (or towards it up to the first sign change), once per
        // full pass and once per support and signs. Coordinate descent alone converges slowly
        // on coherent dictionaries. Under a loose tolerance (≥ 1%) a settled pass is within it,
        // and goes straight to the checking full pass instead (measured on whitened patches:
        // --tol 0.05 then codes as accurately as the solve did at 0.1, in half the time).
        let settled = Double(change) <= 1e-4 * Double(size)
        let loose = tolerance2 >= 1e-4
        if !full && !triedSupportSolve && settled && !loose {
            triedSupportSolve = true
            var signature = (count: 0, signature: 0)
            for s in 0..<supportSize where z[Int(support[s])] != 0 {
                let j = Int(support[s]) + 1
                signature.count += 1
                signature.signature &+= z[j - 1] > 0 ? j &* j : -j
            }
            if signature != lastSolved {
                lastSolved = signature
                let (changed, exact) = solveOnSupport(
                    c: c, gram: gram, z: z, support: support, supportSize: supportSize,
                    atoms: n, lambda: lambda, work)
                if changed {
                    solvedExactly = exact
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

/// Whether any of a vector of coordinates would move: shrink(z + r·step, threshold) ≠ z.
@inline(__always)
private func groupMoves(
    z: UnsafePointer<Float>, r: UnsafePointer<Float>, steps: UnsafePointer<Float>,
    thresholds: UnsafePointer<Float>, positive: Bool
) -> Bool {
    typealias V = Lanes
    let zv = UnsafeRawPointer(z).loadUnaligned(as: V.self)
    let rv = UnsafeRawPointer(r).loadUnaligned(as: V.self)
    let sv = UnsafeRawPointer(steps).loadUnaligned(as: V.self)
    let upper = UnsafeRawPointer(thresholds).loadUnaligned(as: V.self)
    let v = zv + rv * sv
    var next = (v - upper).replacing(with: 0, where: v .<= upper)
    if !positive { next.replace(with: v + upper, where: v .< -upper) }
    return any(next .!= zv)
}

/// Replaces z on its support S (signs s) by the solution x of G_SS·x_S = c_S − λ·s (Cholesky,
/// in Double) when G_SS is positive definite. When some x_i has the wrong sign, z moves towards
/// x to the first point where a coordinate reaches zero (the objective decreases along the way:
/// it is a convex quadratic with minimum x on the orthant of s), that coordinate leaves S and
/// S is solved again (feature-sign search, Lee et al. 2007). Returns whether z changed and
/// whether it is now the exact minimiser on its support with those signs.
/// O(|S|³) for the first solve; after a drop only the factor's rows and columns from the
/// dropped atom on are recomputed.
private func solveOnSupport(
    c: UnsafePointer<Float>, gram: UnsafePointer<Float>, z: UnsafeMutablePointer<Float>,
    support: UnsafePointer<Int32>, supportSize: Int, atoms n: Int, lambda: Float,
    _ work: HomotopyWorkspace
) -> (changed: Bool, exact: Bool) {
    // Zeros left on the support by the active passes are not part of S.
    let indices = work.indices
    var m = 0
    for s in 0..<supportSize where z[Int(support[s])] != 0 {
        guard m < work.capacity else { return (false, false) }
        indices[m] = support[s]
        m += 1
    }
    guard m > 0 else { return (false, false) }
    let cap = work.capacity, factor = work.inverse, x = work.temporary, current = work.beta
    for i in 0..<m { current[i] = Double(z[Int(indices[i])]) }
    var changed = false
    // Rows and columns of the factor before `start` are still valid (atoms left only after).
    var start = 0
    let reciprocal = work.bordering
    while m > 0 {
        // Lower Cholesky factor of G_SS, row by row; `reciprocal` holds 1/L_ii (one division
        // per row, not one per element: divisions have a long latency).
        for i in start..<m {
            let gi = gram + Int(indices[i]) * n
            let rowI = factor + i * cap
            for k in start..<i {
                let rowK = factor + k * cap
                rowI[k] = (Double(gi[Int(indices[k])]) - dot(rowI, rowK, count: k)) * reciprocal[k]
            }
            let sum = Double(gi[Int(indices[i])]) - dot(rowI, rowI, count: i)
            guard sum > 1e-6 * Double(gi[Int(indices[i])]) else { return (changed, false) }
            let root = sum.squareRoot()
            rowI[i] = root
            reciprocal[i] = 1 / root
        }
        // The triangular solves step pointers: with overflow checks kept in release builds,
        // an index product per element would cost as much as the multiply-add.
        for i in 0..<m {
            var sum = Double(c[Int(indices[i])]) - Double(lambda) * (current[i] > 0 ? 1 : -1)
            let rowI = factor + i * cap
            for p in 0..<i { sum -= rowI[p] * x[p] }
            x[i] = sum * reciprocal[i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            var sum = x[i]
            var below = factor + (i + 1) * cap + i
            for p in (i + 1)..<max(m, i + 1) { sum -= below.pointee * x[p]; below += cap }
            x[i] = sum * reciprocal[i]
        }
        // The first coordinate to reach zero on the way from the current point to x.
        var first = -1, t = 1.0
        for i in 0..<m where (x[i] > 0) != (current[i] > 0) || x[i] == 0 {
            let reach = current[i] / (current[i] - x[i])
            if first < 0 || reach < t { t = reach; first = i }
        }
        changed = true
        if first < 0 {
            for i in 0..<m { z[Int(indices[i])] = Float(x[i]) }
            return (true, true)
        }
        let leaving = Int(indices[first])
        var kept = 0
        start = m
        for i in 0..<m {
            let value = current[i] + t * (x[i] - current[i])
            // Rounding may take another coordinate to zero or past it: it leaves S too.
            if i == first || value == 0 || (value > 0) != (current[i] > 0) {
                z[Int(indices[i])] = 0
                start = min(start, i)
                continue
            }
            current[kept] = value
            indices[kept] = indices[i]
            z[Int(indices[i])] = Float(value)
            if kept != i {
                // The factor's row moves up with its atom; its columns before `start` stay.
                (factor + kept * cap).update(from: factor + i * cap, count: start)
            }
            kept += 1
        }
        z[leaving] = 0
        m = kept
    }
    return (changed, false)
}

/// Σ a_p·b_p over `count` elements in a fixed order: eight lanes in two SIMD4 accumulators
/// (a scalar chain waits on each addition's latency), then four, then the tail.
@inline(__always)
private func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
    typealias V = SIMD4<Double>
    var s0 = V(), s1 = V()
    var p = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while p + 8 <= count {
        let offset = p * 8
        s0 = multiplyAdd(s0, ra.loadUnaligned(fromByteOffset: offset, as: V.self),
                              rb.loadUnaligned(fromByteOffset: offset, as: V.self))
        s1 = multiplyAdd(s1, ra.loadUnaligned(fromByteOffset: offset + 32, as: V.self),
                              rb.loadUnaligned(fromByteOffset: offset + 32, as: V.self))
        p += 8
    }
    if p + 4 <= count {
        s1 = multiplyAdd(s1, ra.loadUnaligned(fromByteOffset: p * 8, as: V.self),
                              rb.loadUnaligned(fromByteOffset: p * 8, as: V.self))
        p += 4
    }
    let lanes = s0 + s1
    var sum = (lanes[0] + lanes[2]) + (lanes[1] + lanes[3])
    while p < count {
        sum = multiplyAdd(sum, a[p], b[p])
        p += 1
    }
    return sum
}

/// r = c − Σ_s z_{support_s}·G_{support_s} `[atoms]`, terms in support order: four vectors
/// of atoms at a time in independent accumulators (one store of r per group, not one per term).
@inline(__always)
func residualCorrelations(
    _ r: UnsafeMutablePointer<Float>, c: UnsafePointer<Float>, z: UnsafePointer<Float>,
    support: UnsafePointer<Int32>, supportSize: Int, gram: UnsafePointer<Float>, atoms n: Int
) {
    typealias V = Lanes
    let width = MemoryLayout<V>.stride
    var j = 0
    while j + 4 * V.scalarCount <= n {
        let source = UnsafeRawPointer(c + j)
        var r0 = source.loadUnaligned(as: V.self)
        var r1 = source.loadUnaligned(fromByteOffset: width, as: V.self)
        var r2 = source.loadUnaligned(fromByteOffset: 2 * width, as: V.self)
        var r3 = source.loadUnaligned(fromByteOffset: 3 * width, as: V.self)
        for s in 0..<supportSize {
            let atom = Int(support[s])
            let weight = V(repeating: -z[atom])
            let row = UnsafeRawPointer(gram + atom * n + j)
            r0 = multiplyAdd(r0, weight, row.loadUnaligned(as: V.self))
            r1 = multiplyAdd(r1, weight, row.loadUnaligned(fromByteOffset: width, as: V.self))
            r2 = multiplyAdd(r2, weight, row.loadUnaligned(fromByteOffset: 2 * width, as: V.self))
            r3 = multiplyAdd(r3, weight, row.loadUnaligned(fromByteOffset: 3 * width, as: V.self))
        }
        let target = UnsafeMutableRawPointer(r + j)
        target.storeBytes(of: r0, as: V.self)
        target.storeBytes(of: r1, toByteOffset: width, as: V.self)
        target.storeBytes(of: r2, toByteOffset: 2 * width, as: V.self)
        target.storeBytes(of: r3, toByteOffset: 3 * width, as: V.self)
        j += 4 * V.scalarCount
    }
    while j < n {
        var value = c[j]
        for s in 0..<supportSize {
            let atom = Int(support[s])
            value = multiplyAdd(value, -z[atom], gram[atom * n + j])
        }
        r[j] = value
        j += 1
    }
}

