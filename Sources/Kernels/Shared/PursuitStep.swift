// One step of orthogonal matching pursuit for one row (SparseCoding/OMPEncoder+Row.swift): the
// new orthonormal direction's correlations with every atom, the residual's correlations after
// it, and the atom to add next, in one pass over the atoms.

#if KERNELS_FMA
import KernelArithmeticFused
#else
import KernelArithmeticSeparate
#endif

/// With the chosen atoms orthonormalised (Gram–Schmidt: u_s = (d_k − Σ_{i<s} L_{s,i}·u_i) / L_{s,s},
/// L the Cholesky factor of their Gram matrix) and each direction's correlations with every atom
/// kept as a row W_i = D·u_i `[atoms]` of `basis`, when `gramRow` (G_k = D·d_k, the atom just
/// chosen) is given:
///
///     W_s  = (G_k − Σ_{i<s} weights[i]·W_i) · inversePivot      (written as row `count` of basis)
///     α   −= projection · W_s                                     (α = D·r, projection = u_s·y)
///     norms −= W_s²                                               (only when orderRecursive)
///
/// then, with or without that update, picks the next atom among those with norms_j > floors_j
/// (the caller marks chosen atoms by a norm of −∞): the largest |α_j| (OMP), or the largest
/// α_j²/norms_j when `orderRecursive` (ORMP: the atom whose addition lowers ‖r‖² the most,
/// norms_j = ‖d_j‖² less its part in the chosen span). Ties go to the lowest index; −1 when no
/// score is above 0. Every lane follows one chain of fused operations, so every vector width
/// gives the same bits.
func pursuitStep(
    gramRow: UnsafePointer<Float>?, basis: UnsafeMutablePointer<Float>, weights: UnsafePointer<Float>, count s: Int,
    inversePivot: Float, projection: Float, alpha: UnsafeMutablePointer<Float>, norms: UnsafeMutablePointer<Float>,
    floors: UnsafePointer<Float>, atoms n: Int, orderRecursive: Bool
) -> Int {
    // One specialised loop per case, its tests out of the loop (the compiler neither unswitched
    // them nor inlined a function taking them as arguments).
    switch (gramRow != nil, orderRecursive) {
    case (true, false): scanAtoms(Update.self, Correlation.self, gramRow, basis, weights, s, inversePivot, projection, alpha, norms, floors, n)
    case (true, true): scanAtoms(Update.self, Reduction.self, gramRow, basis, weights, s, inversePivot, projection, alpha, norms, floors, n)
    case (false, false): scanAtoms(Score.self, Correlation.self, gramRow, basis, weights, s, inversePivot, projection, alpha, norms, floors, n)
    case (false, true): scanAtoms(Score.self, Reduction.self, gramRow, basis, weights, s, inversePivot, projection, alpha, norms, floors, n)
    }
}

/// The cases of `scanAtoms` as types, so that each pair gets its own specialised loop.
private protocol Flag { static var on: Bool { get } }
private enum Update: Flag { static var on: Bool { true } }
private enum Score: Flag { static var on: Bool { false } }
private enum Reduction: Flag { static var on: Bool { true } }
private enum Correlation: Flag { static var on: Bool { false } }

private func scanAtoms<U: Flag, R: Flag>(
    _: U.Type, _: R.Type, _ gramRow: UnsafePointer<Float>?, _ basis: UnsafeMutablePointer<Float>, _ weights: UnsafePointer<Float>,
    _ s: Int, _ inversePivot: Float, _ projection: Float, _ alpha: UnsafeMutablePointer<Float>,
    _ norms: UnsafeMutablePointer<Float>, _ floors: UnsafePointer<Float>, _ n: Int
) -> Int {
    let orderRecursive = R.on
    let gramRow = U.on ? gramRow : nil
    typealias V = Lanes
    let lanes = V.scalarCount
    func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    func store(_ v: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
    let newRow = basis + s * n
    var best = V(), bestIndex = LaneIndices(repeating: -1), index = laneNumbers()
    var j = 0
    while j + lanes <= n {
        var a = load(alpha + j), norm = load(norms + j)
        if let gramRow {
            var w = load(gramRow + j)
            for i in 0..<s { w = multiplyAdd(w, V(repeating: -weights[i]), load(basis + i * n + j)) }
            w *= V(repeating: inversePivot)
            store(w, newRow + j)
            a = multiplyAdd(a, V(repeating: -projection), w)
            store(a, alpha + j)
            if orderRecursive {
                norm = multiplyAdd(norm, -w, w)
                store(norm, norms + j)
            }
        }
        var score = orderRecursive ? a * a / norm : a.replacing(with: -a, where: a .< 0)
        score.replace(with: 0, where: .!(norm .> load(floors + j)))
        let better = score .> best
        best.replace(with: score, where: better)
        bestIndex.replace(with: index, where: better)
        index &+= LaneIndices(repeating: Int32(lanes))
        j += lanes
    }
    // Across lanes by two halving reductions (a scalar loop over the lanes cost as much as the
    // pass): the largest score, then the lowest index among the lanes that hold it.
    var largest = largestLane(best)
    var atom = largest > 0 ? Int(smallestLane(bestIndex.replacing(with: .max, where: best .!= V(repeating: largest)))) : -1
    if atom < 0 { largest = 0 }
    while j < n {
        var a = alpha[j], norm = norms[j]
        if let gramRow {
            var w = gramRow[j]
            for i in 0..<s { w = multiplyAdd(w, -weights[i], basis[i * n + j]) }
            w *= inversePivot
            newRow[j] = w
            a = multiplyAdd(a, -projection, w)
            alpha[j] = a
            if orderRecursive {
                norm = multiplyAdd(norm, -w, w)
                norms[j] = norm
            }
        }
        let score = orderRecursive ? a * a / norm : abs(a)
        if norm > floors[j] && score > largest {
            largest = score
            atom = j
        }
        j += 1
    }
    return atom
}

/// The largest lane: the halves compared and blended down to four lanes, then four compares
/// (Swift's `max()` is a scalar loop with NaN tests, its `pointwiseMax` and `lowHalf` calls).
/// The scores are never NaN.
@inline(__always)
private func largestLane(_ v: Lanes) -> Float {
    #if KERNELS_AVX512
    let (low, high) = unsafeBitCast(v, to: (SIMD8<Float>, SIMD8<Float>).self)
    let v8 = low.replacing(with: high, where: high .> low)
    #else
    let v8 = v
    #endif
    let (low4, high4) = unsafeBitCast(v8, to: (SIMD4<Float>, SIMD4<Float>).self)
    let v4 = low4.replacing(with: high4, where: high4 .> low4)
    var largest = v4[0]
    for lane in 1..<4 where v4[lane] > largest { largest = v4[lane] }
    return largest
}

/// The smallest lane, the same way.
@inline(__always)
private func smallestLane(_ v: LaneIndices) -> Int32 {
    #if KERNELS_AVX512
    let (low, high) = unsafeBitCast(v, to: (SIMD8<Int32>, SIMD8<Int32>).self)
    let v8 = low.replacing(with: high, where: high .< low)
    #else
    let v8 = v
    #endif
    let (low4, high4) = unsafeBitCast(v8, to: (SIMD4<Int32>, SIMD4<Int32>).self)
    let v4 = low4.replacing(with: high4, where: high4 .< low4)
    var smallest = v4[0]
    for lane in 1..<4 where v4[lane] < smallest { smallest = v4[lane] }
    return smallest
}
