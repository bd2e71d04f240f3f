// The lasso homotopy (LARS-lasso, Efron et al. 2004; Osborne et al. 2000) for one row, with the
// Gram matrix G = D·Dᵀ and c = y·Dᵀ.
//
// Starting at z = 0 and λ' = max_j |c_j|, the solution path is followed down to λ' = λ. On the
// active set A with signs s the correlations r = c − z·G satisfy r_A = λ'·s_A; moving along
// w = G_AA⁻¹ s_A by γ lowers λ' by γ and changes r by −γ·a, a = G_{:,A}·w. A step ends where an
// inactive correlation reaches ±λ' (the atom joins), an active coefficient crosses zero (the
// atom leaves) or λ' reaches λ. G_AA⁻¹ is held explicitly (in Double) and updated by bordering
// when an atom joins and by the Schur complement when one leaves (O(|A|²), vectorisable, no
// chain of divisions as in triangular solves); w follows each update in O(|A|).
// Cost per step: O(atoms·|A| + |A|²).

import KernelSupport
#if KERNELS_FMA
import KernelArithmeticFused
#else
import KernelArithmeticSeparate
#endif

/// Follows the homotopy for one row from z = 0 down to λ, writing z (zero on entry) and its
/// support (`support[0..<supportSize]`, the atoms with z ≠ 0, in joining order) and leaving
/// r ≈ c − z·G; `reached` tells whether the path got to λ. Stops early, with a valid z, when
/// G_AA becomes numerically singular or after `maxSteps` steps (`steps` returns the count);
/// the caller's coordinate descent finishes from there.
func homotopyRow(
    c: UnsafePointer<Float>, gram: UnsafePointer<Float>, z: UnsafeMutablePointer<Float>,
    r: UnsafeMutablePointer<Float>, support: UnsafeMutablePointer<Int32>, atoms n: Int,
    lambda: Float, positive: Bool, maxSteps: Int, steps: inout Int, _ work: HomotopyWorkspace
) -> (supportSize: Int, reached: Bool) {
    r.update(from: c, count: n)
    let inverse = work.inverse, beta = work.beta, signs = work.signs, w = work.direction
    let temporary = work.temporary, rate = work.rate, blocked = work.blocked, weights = work.weights
    let cap = work.capacity

    // The first atom: the largest correlation.
    var best = -1
    var level: Float = 0
    for j in 0..<n {
        let v = positive ? r[j] : abs(r[j])
        if v > level { level = v; best = j }
    }
    steps = 0
    guard best >= 0, level > lambda, gram[best * n + best] > 0 else { return (0, level <= lambda) }
    var size = 1
    support[0] = Int32(best)
    blocked[best] = .infinity
    signs[0] = r[best] > 0 ? 1 : -1
    beta[0] = 0
    inverse[0] = 1 / Double(gram[best * n + best])
    // w = G_AA⁻¹ s, kept up to date through every join and leave.
    w[0] = signs[0] * inverse[0]
    var justLeft = -1
    var reached = false

    while steps < maxSteps {
        steps += 1
        // a = G_{:,A}·w, fused with the search for the first inactive atom to join.
        for i in 0..<size { weights[i] = Float(w[i]) }
        if justLeft >= 0 { blocked[justLeft] = .infinity }
        let current = level
        let (candidate, joiningAt) = rateAndFirstJoin(
            gram: gram, support: support, weights: weights, size: size, r: r, rate: rate,
            blocked: blocked, atoms: n, level: current, positive: positive)
        if justLeft >= 0 { blocked[justLeft] = 0 }
        var gamma = current - lambda
        var joining = -1, leaving = -1
        if candidate < gamma {
            gamma = candidate
            joining = joiningAt
        }
        var gammaD = Double(gamma)
        for i in 0..<size where beta[i] * w[i] < 0 {
            let crossing = -beta[i] / w[i]
            if crossing < gammaD {
                gammaD = crossing
                leaving = i
            }
        }
        if leaving >= 0 { joining = -1; gamma = Float(gammaD) }

        for i in 0..<size { beta[i] += gammaD * w[i] }
        addScaled(r, -gamma, UnsafePointer(rate), count: n)
        level = current - gamma
        justLeft = -1

        if leaving >= 0 {
            let j = Int(support[leaving])
            blocked[j] = 0
            justLeft = j
            if size == 1 { size = 0; break }
            // With c = G_AA⁻¹ e_k: w' = w_{−k} − c_{−k}·w_k / c_k.
            let ratio = w[leaving] / inverse[leaving * cap + leaving]
            for i in 0..<size where i != leaving { w[i] -= inverse[i * cap + leaving] * ratio }
            removeFromInverse(leaving, size: size, inverse: inverse, capacity: cap, scratch: temporary)
            for i in leaving..<(size - 1) {
                support[i] = support[i + 1]; beta[i] = beta[i + 1]; signs[i] = signs[i + 1]; w[i] = w[i + 1]
            }
            size -= 1
        } else if joining >= 0 {
            guard size < cap, let sigma = appendToInverse(
                joining, support: support, size: size, gram: gram, atoms: n, inverse: inverse,
                capacity: cap, scratch: temporary, scratch2: work.bordering) else { break }
            let sign: Double = r[joining] > 0 ? 1 : -1
            // With u = G_AA⁻¹·G_{A,j} (left in `temporary`): w' = [w + u·(uᵀs − s_j)/σ, (s_j − uᵀs)/σ].
            var us = 0.0
            for i in 0..<size { us += temporary[i] * signs[i] }
            let factor = (us - sign) / sigma
            for i in 0..<size { w[i] += temporary[i] * factor }
            w[size] = -factor
            support[size] = Int32(joining)
            blocked[joining] = .infinity
            signs[size] = sign
            beta[size] = 0
            size += 1
        } else {
            reached = true
            break
        }
    }

    // Write z; drop exact zeros from the support; clear the membership flags.
    var kept = 0
    for i in 0..<size {
        let j = Int(support[i])
        blocked[j] = 0
        var value = Float(beta[i])
        if positive && value < 0 { value = 0 }
        z[j] = value
        if value != 0 {
            support[kept] = Int32(j)
            kept += 1
        }
    }
    return (kept, reached)
}

/// Writes a = Σ_i weights_i·G_{support_i} `[atoms]` and returns the smallest step γ ≥ 0 at
/// which an unblocked atom's correlation r_j − γ·a_j reaches +(level − γ) (or, unless
/// `positive`, −(level − γ)), with that atom (+∞ and −1 when none does). Eight atoms at a
/// time, each lane keeping its own minimum; ties go to the lowest index.
@inline(__always)
private func rateAndFirstJoin(
    gram: UnsafePointer<Float>, support: UnsafePointer<Int32>, weights: UnsafePointer<Float>,
    size: Int, r: UnsafePointer<Float>, rate: UnsafeMutablePointer<Float>,
    blocked: UnsafePointer<Float>, atoms n: Int, level: Float, positive: Bool
) -> (gamma: Float, atom: Int) {
    typealias V = SIMD8<Float>
    let levelV = V(repeating: level)
    var bestStep = (numerator: V(repeating: .infinity), denominator: V(repeating: 1))
    var bestIndex = SIMD8<Int32>(repeating: -1)
    var index = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    // The rates first (a blocked matrix-vector product over the active rows of G), then the
    // join steps from them in a second pass over L1-resident data.
    var j = 0
    // Four groups of eight at once: independent accumulators hide the latency of the FMAs.
    while j + 32 <= n {
        var a0 = V(), a1 = V(), a2 = V(), a3 = V()
        for i in 0..<size {
            let row = UnsafeRawPointer(gram + Int(support[i]) * n + j)
            let weight = V(repeating: weights[i])
            a0 = multiplyAdd(a0, weight, row.loadUnaligned(as: V.self))
            a1 = multiplyAdd(a1, weight, row.loadUnaligned(fromByteOffset: 32, as: V.self))
            a2 = multiplyAdd(a2, weight, row.loadUnaligned(fromByteOffset: 64, as: V.self))
            a3 = multiplyAdd(a3, weight, row.loadUnaligned(fromByteOffset: 96, as: V.self))
        }
        let target = UnsafeMutableRawPointer(rate + j)
        target.storeBytes(of: a0, as: V.self)
        target.storeBytes(of: a1, toByteOffset: 32, as: V.self)
        target.storeBytes(of: a2, toByteOffset: 64, as: V.self)
        target.storeBytes(of: a3, toByteOffset: 96, as: V.self)
        j += 32
    }
    while j + 8 <= n {
        var a = V()
        for i in 0..<size {
            let row = UnsafeRawPointer(gram + Int(support[i]) * n + j)
            a = multiplyAdd(a, V(repeating: weights[i]), row.loadUnaligned(as: V.self))
        }
        UnsafeMutableRawPointer(rate + j).storeBytes(of: a, as: V.self)
        j += 8
    }
    let vectorEnd = j
    j = 0
    while j < vectorEnd {
        consider(at: j, r: r, rate: rate, blocked: blocked, level: levelV, positive: positive,
                 best: &bestStep, bestIndex: &bestIndex, index: &index)
        j += 8
    }
    let best = bestStep.numerator / bestStep.denominator
    var gamma = Float.infinity, atom = -1
    for lane in 0..<8 where best[lane] < gamma || (best[lane] == gamma && bestIndex[lane] < atom) {
        gamma = best[lane]
        atom = Int(bestIndex[lane])
    }
    while j < n {
        var a: Float = 0
        for i in 0..<size { a = multiplyAdd(a, weights[i], gram[Int(support[i]) * n + j]) }
        rate[j] = a
        if blocked[j] == 0 {
            var candidate = Float.infinity
            if 1 - a > 0 { candidate = (level - r[j]) / (1 - a) }
            if !positive && 1 + a > 0 { candidate = min(candidate, (level + r[j]) / (1 + a)) }
            candidate = max(candidate, 0)
            if candidate < gamma { gamma = candidate; atom = j }
        }
        j += 1
    }
    return (gamma, atom)
}

/// Folds the join steps of atoms j..<j+8 (from their rates a) into the lane-wise minimum
/// (`rateAndFirstJoin`); `index` holds the lanes' atoms and advances by eight. Steps are kept
/// as numerator/denominator (denominator > 0) and compared by cross-multiplying: no division
/// in the loop.
@inline(__always)
private func consider(
    at j: Int, r: UnsafePointer<Float>, rate: UnsafePointer<Float>,
    blocked: UnsafePointer<Float>, level: SIMD8<Float>, positive: Bool,
    best: inout (numerator: SIMD8<Float>, denominator: SIMD8<Float>),
    bestIndex: inout SIMD8<Int32>, index: inout SIMD8<Int32>
) {
    typealias V = SIMD8<Float>
    let infinity = V(repeating: .infinity), one = V(repeating: 1), zero = V()
    let a = UnsafeRawPointer(rate + j).loadUnaligned(as: V.self)
    let rv = UnsafeRawPointer(r + j).loadUnaligned(as: V.self)
    // Up: γ = (λ' − r)/(1 − a) where 1 − a > 0 (a negative numerator is a step of 0).
    let up = one - a
    var numerator = (level - rv).replacing(with: zero, where: level - rv .< zero)
    numerator.replace(with: infinity, where: up .<= zero)
    var denominator = up.replacing(with: one, where: up .<= zero)
    if !positive {
        // Down: γ = (λ' + r)/(1 + a) where 1 + a > 0.
        let down = one + a
        var other = (level + rv).replacing(with: zero, where: level + rv .< zero)
        other.replace(with: infinity, where: down .<= zero)
        let otherDenominator = down.replacing(with: one, where: down .<= zero)
        let smaller = other * denominator .< numerator * otherDenominator
        numerator.replace(with: other, where: smaller)
        denominator.replace(with: otherDenominator, where: smaller)
    }
    let free = UnsafeRawPointer(blocked + j).loadUnaligned(as: V.self)
    numerator.replace(with: infinity, where: free .> zero)
    let better = numerator * best.denominator .< best.numerator * denominator
    best.numerator.replace(with: numerator, where: better)
    best.denominator.replace(with: denominator, where: better)
    bestIndex.replace(with: index, where: better)
    index &+= 8
}

/// Borders G_AA⁻¹ `[size, size]` with atom `j`: with b = G_{A,j}, u = G_AA⁻¹·b and
/// σ = G_jj − b·u, the inverse becomes [[G_AA⁻¹ + u·uᵀ/σ, −u/σ], [−uᵀ/σ, 1/σ]]. Returns σ and
/// leaves u in `u`; nil (and no change) when σ is not clearly positive (atom j is nearly a
/// combination of the active ones). `b` is `[size]` scratch.
@inline(__always)
private func appendToInverse(
    _ j: Int, support: UnsafePointer<Int32>, size m: Int, gram: UnsafePointer<Float>, atoms n: Int,
    inverse: UnsafeMutablePointer<Double>, capacity cap: Int, scratch u: UnsafeMutablePointer<Double>,
    scratch2 b: UnsafeMutablePointer<Double>
) -> Double? {
    let gj = gram + j * n
    for k in 0..<m { b[k] = Double(gj[Int(support[k])]) }
    // u = Σ_k b_k·(row k of the symmetric inverse): unit-stride, vectorisable.
    u.initialize(repeating: 0, count: m)
    for k in 0..<m {
        let bk = b[k], row = inverse + k * cap
        for i in 0..<m { u[i] += bk * row[i] }
    }
    var bu = 0.0
    for i in 0..<m { bu += b[i] * u[i] }
    let diagonal = Double(gj[j])
    let sigma = diagonal - bu
    guard sigma > 1e-6 * diagonal else { return nil }
    let inverseSigma = 1 / sigma
    for i in 0..<m {
        let scaled = u[i] * inverseSigma
        let row = inverse + i * cap
        for k in 0..<m { row[k] += scaled * u[k] }
        row[m] = -scaled
        inverse[m * cap + i] = -scaled
    }
    inverse[m * cap + m] = inverseSigma
    return sigma
}

/// Removes index `k` from G_AA⁻¹ `[size, size]`: M' = M_{−k,−k} − M_{−k,k}·M_{k,−k}/M_kk,
/// compacted in place to `[size − 1, size − 1]`.
@inline(__always)
private func removeFromInverse(
    _ k: Int, size m: Int, inverse: UnsafeMutablePointer<Double>, capacity cap: Int,
    scratch column: UnsafeMutablePointer<Double>
) {
    for i in 0..<m { column[i] = inverse[i * cap + k] }
    let pivot = 1 / column[k]
    // Row-major forward order: every target precedes its source, and column k is saved.
    for i in 0..<(m - 1) {
        let oi = i < k ? i : i + 1
        let scaled = column[oi] * pivot
        for jn in 0..<(m - 1) {
            let oj = jn < k ? jn : jn + 1
            inverse[i * cap + jn] = inverse[oi * cap + oj] - scaled * column[oj]
        }
    }
}

/// r += a·x over `count` elements (eight lanes at a time, then the tail; fused multiply-adds).
@inline(__always)
func addScaled(_ r: UnsafeMutablePointer<Float>, _ a: Float, _ x: UnsafePointer<Float>, count: Int) {
    typealias V = Lanes
    let av = V(repeating: a)
    var i = 0
    let raw = UnsafeMutableRawPointer(r), source = UnsafeRawPointer(x)
    while i + V.scalarCount <= count {
        let offset = i * MemoryLayout<Float>.stride
        let rv = raw.loadUnaligned(fromByteOffset: offset, as: V.self)
        let xv = source.loadUnaligned(fromByteOffset: offset, as: V.self)
        raw.storeBytes(of: multiplyAdd(rv, av, xv), toByteOffset: offset, as: V.self)
        i += V.scalarCount
    }
    while i < count {
        r[i] = multiplyAdd(r[i], a, x[i])
        i += 1
    }
}
