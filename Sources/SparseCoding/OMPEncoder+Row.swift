// One row of Batch-OMP: greedy selection with a progressive Cholesky factor of G_SS and the
// residual tracked through α and δ (Rubinstein, Zibulevsky & Elad 2008, algorithms 1 and 2).

/// The working memory of Batch-OMP for one thread: α⁰ and α (per atom), the lower Cholesky
/// factor L of G_SS (`limit`×`limit`, row-major), the support, γ and a scratch vector.
struct OMPWorkspace {
    let limit: Int
    private let doubles: UnsafeMutablePointer<Double>
    let alpha0: UnsafeMutablePointer<Double>
    let alpha: UnsafeMutablePointer<Double>
    let factor: UnsafeMutablePointer<Double>
    let gamma: UnsafeMutablePointer<Double>
    let scratch: UnsafeMutablePointer<Double>
    let support: UnsafeMutablePointer<Int>

    init(atoms: Int, limit: Int) {
        self.limit = limit
        let n = max(atoms, 1), s = max(limit, 1)
        doubles = .allocate(capacity: 2 * n + s * s + 2 * s)
        alpha0 = doubles
        alpha = alpha0 + n
        factor = alpha + n
        gamma = factor + s * s
        scratch = gamma + s
        support = .allocate(capacity: s)
    }

    func deallocate() {
        doubles.deallocate()
        support.deallocate()
    }

    /// Codes one row from its correlations α⁰ = y·Dᵀ `[atoms]` and ‖y‖², writing its non-zero
    /// codes into `codes` `[atoms]` (zero on entry). Stops after `limit` atoms, once the
    /// squared residual is ≤ `target`, when no atom correlates with the residual, or when the
    /// next atom is (numerically) a combination of the chosen ones.
    /// - Returns: the atoms chosen and the squared residual ‖y − z·D‖² (tracked, Double).
    func codeRow(
        correlations: UnsafePointer<Float>, squaredNorm: Double, gram g: UnsafePointer<Double>,
        atoms n: Int, limit: Int, target: Double?, codes: UnsafeMutablePointer<Float>
    ) -> (count: Int, squaredResidual: Double) {
        for j in 0..<n {
            alpha0[j] = Double(correlations[j])
            alpha[j] = alpha0[j]
        }
        var residual = squaredNorm
        var previousDelta = 0.0
        var s = 0
        while s < limit {
            if let target, residual <= target { break }
            // The atom most correlated with the residual; ties to the lowest index.
            var k = -1
            var best = 0.0
            for j in 0..<n where abs(alpha[j]) > best {
                best = abs(alpha[j])
                k = j
            }
            if k < 0 { break }
            // New row of L: L·w = G_{S,k}, pivot √(G_kk − w·w).
            var pivot2 = g[k * n + k]
            for i in 0..<s {
                var sum = g[support[i] * n + k]
                for j in 0..<i { sum -= factor[i * limit + j] * scratch[j] }
                scratch[i] = sum / factor[i * limit + i]
                pivot2 -= scratch[i] * scratch[i]
            }
            if !(pivot2 > 1e-10 * g[k * n + k]) { break }
            for j in 0..<s { factor[s * limit + j] = scratch[j] }
            factor[s * limit + s] = pivot2.squareRoot()
            support[s] = k
            s += 1
            // γ = (L·Lᵀ)⁻¹ α⁰_S: forward, then backward substitution.
            for i in 0..<s {
                var sum = alpha0[support[i]]
                for j in 0..<i { sum -= factor[i * limit + j] * scratch[j] }
                scratch[i] = sum / factor[i * limit + i]
            }
            for i in stride(from: s - 1, through: 0, by: -1) {
                var sum = scratch[i]
                for j in (i + 1)..<s { sum -= factor[j * limit + i] * gamma[j] }
                gamma[i] = sum / factor[i * limit + i]
            }
            // α = α⁰ − G_{:,S}·γ (rows of the symmetric G); zero on S, where it vanishes up to
            // rounding, so that the argmax needs no test of the support. δ = γ·α⁰_S (= γ·β_S).
            for j in 0..<n { alpha[j] = alpha0[j] }
            for i in 0..<s {
                let row = g + support[i] * n, weight = gamma[i]
                for j in 0..<n { alpha[j] -= weight * row[j] }
            }
            var delta = 0.0
            for i in 0..<s {
                alpha[support[i]] = 0
                delta += gamma[i] * alpha0[support[i]]
            }
            residual += previousDelta - delta
            previousDelta = delta
        }
        for i in 0..<s { codes[support[i]] = Float(gamma[i]) }
        return (s, max(residual, 0))
    }
}
