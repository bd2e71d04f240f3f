// One row of Batch-OMP: greedy selection with a progressive Cholesky factor of G_SS (Double) and
// the residual's correlations updated in Float SIMD by the kernels' `pursuitStep` (Rubinstein,
// Zibulevsky & Elad 2008, algorithm 1, in the orthogonalised form SPAMS' ORMP uses).

/// What every row of one `OMPEncoder` reads: G in Double (the Cholesky rows) and in Float (the
/// kernel's passes), and per atom G_jj and the norm each must keep to be chosen.
struct OMPTables {
    let gram: UnsafePointer<Double>
    let gramFloats: UnsafePointer<Float>
    let diagonal: UnsafePointer<Float>
    let floors: UnsafePointer<Float>
    let orderRecursive: Bool
}

/// The working memory of Batch-OMP for one thread: α and the atoms' remaining norms (Float, per
/// atom), the rows W_i = D·u_i of the orthonormalised chosen atoms (Float, `limit` × atoms), the
/// lower Cholesky factor L of G_SS (`limit`×`limit`, row-major, Double) and 1/L_ii, u_i·y, γ, the
/// support.
struct OMPWorkspace {
    let limit: Int
    private let doubles: UnsafeMutablePointer<Double>
    private let floats: UnsafeMutablePointer<Float>
    let factor: UnsafeMutablePointer<Double>
    let projections: UnsafeMutablePointer<Double>
    let gamma: UnsafeMutablePointer<Double>
    let inverses: UnsafeMutablePointer<Double>
    let alpha: UnsafeMutablePointer<Float>
    let norms: UnsafeMutablePointer<Float>
    let basis: UnsafeMutablePointer<Float>
    let weights: UnsafeMutablePointer<Float>
    let support: UnsafeMutablePointer<Int>

    init(atoms: Int, limit: Int) {
        self.limit = limit
        let n = max(atoms, 1), s = max(limit, 1)
        doubles = .allocate(capacity: s * s + 3 * s)
        factor = doubles
        projections = factor + s * s
        gamma = projections + s
        inverses = gamma + s
        floats = .allocate(capacity: 2 * n + s * n + s)
        alpha = floats
        norms = alpha + n
        basis = norms + n
        weights = basis + s * n
        support = .allocate(capacity: s)
    }

    func deallocate() {
        doubles.deallocate()
        floats.deallocate()
        support.deallocate()
    }

    /// Codes one row from its correlations α⁰ = y·Dᵀ `[atoms]` and ‖y‖², writing its non-zero
    /// codes into `codes` `[atoms]` (zero on entry). Stops after `limit` atoms, once the
    /// squared residual is ≤ `target`, when no atom correlates with the residual, or when the
    /// next atom is (numerically) a combination of the chosen ones.
    /// - Returns: the atoms chosen and the squared residual ‖y − z·D‖² (tracked, Double).
    func codeRow(
        correlations: UnsafePointer<Float>, squaredNorm: Double, tables t: OMPTables,
        atoms n: Int, limit: Int, target: Double?, codes: UnsafeMutablePointer<Float>
    ) -> (count: Int, squaredResidual: Double) {
        alpha.update(from: correlations, count: n)
        norms.update(from: t.diagonal, count: n)
        var residual = squaredNorm
        var s = 0
        // The first atom: the largest score of α⁰ (ties to the lowest index).
        var k = kernels.pursuitStep(
            gramRow: nil, basis: basis, weights: weights, count: 0, inversePivot: 0, projection: 0,
            alpha: alpha, norms: norms, floors: t.floors, atoms: n, orderRecursive: t.orderRecursive)
        while s < limit && k >= 0 {
            if let target, residual <= target { break }
            // New row w of L: L·w = G_{S,k}, pivot √(G_kk − w·w); u_s·y = (α⁰_k − w·(u·y)) / pivot.
            // Multiplications by 1/L_ii: this serial chain is most of a row's scalar time.
            let gk = t.gram + k * n, w = factor + s * limit
            var pivot2 = gk[k]
            var projection = Double(correlations[k])
            for i in 0..<s {
                var sum = gk[support[i]]
                for j in 0..<i { sum -= factor[i * limit + j] * w[j] }
                w[i] = sum * inverses[i]
                pivot2 -= w[i] * w[i]
                projection -= w[i] * projections[i]
                weights[i] = Float(w[i])
            }
            if !(pivot2 > 1e-10 * gk[k]) { break }
            let pivot = pivot2.squareRoot(), inverse = 1 / pivot
            w[s] = pivot
            inverses[s] = inverse
            projection *= inverse
            projections[s] = projection
            residual -= projection * projection
            support[s] = k
            norms[k] = -.infinity
            s += 1
            if s == limit { break }
            if let target, residual <= target { break }
            k = kernels.pursuitStep(
                gramRow: t.gramFloats + k * n, basis: basis, weights: weights, count: s - 1,
                inversePivot: Float(inverse), projection: Float(projection),
                alpha: alpha, norms: norms, floors: t.floors, atoms: n, orderRecursive: t.orderRecursive)
        }
        // γ = L⁻ᵀ (u·y): the codes on the chosen atoms.
        for i in stride(from: s - 1, through: 0, by: -1) {
            var sum = projections[i]
            for j in (i + 1)..<s { sum -= factor[j * limit + i] * gamma[j] }
            gamma[i] = sum * inverses[i]
        }
        for i in 0..<s { codes[support[i]] = Float(gamma[i]) }
        return (s, max(residual, 0))
    }
}
