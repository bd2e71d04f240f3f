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
    // Across lanes by two reductions (a scalar loop over the lanes cost as much as the pass):
    // the largest score, then the lowest index among the lanes that hold it.
    var largest = best.max()
    var atom = largest > 0 ? Int(bestIndex.replacing(with: .max, where: best .!= largest).min()) : -1
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
