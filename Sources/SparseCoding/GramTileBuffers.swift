extension LassoEncoder {
    /// The objective ½‖y − z·D‖² + λ‖z‖₁ of each of `rows` rows (in Double) into `energies`.
    func storeEnergies(_ y: UnsafePointer<Float>, codes: UnsafePointer<Float>, rows: Int, lambda: Float,
                       into energies: UnsafeMutablePointer<Double>) {
        let n = atoms, f = features
        var residual = [Double](repeating: 0, count: f)
        dictionary.withUnsafeBufferPointer { d in
            for row in 0..<rows {
                energies[row] = rowObjective(
                    y: y + row * f, z: codes + row * n, d.baseAddress!, atoms: n, features: f,
                    lambda: Double(lambda), residual: &residual)
            }
        }
    }
}

/// The buffers both Gram-based tile solvers (`lars`, `cd`) start from: c = y·Dᵀ `[rows, atoms]`
/// for the tile; per atom the residual correlation r, the coordinate step 1/G_jj and threshold
/// λ/G_jj; and room for the current row's support (indices).
struct GramTileBuffers {
    let correlations: UnsafeMutablePointer<Float>
    let r: UnsafeMutablePointer<Float>
    let steps: UnsafeMutablePointer<Float>
    let thresholds: UnsafeMutablePointer<Float>
    let support: UnsafeMutablePointer<Int32>
    private let scratch: UnsafeMutablePointer<Float>

    init(_ encoder: LassoEncoder, _ y: UnsafePointer<Float>, rows: Int, lambda: Float, gramMatrix: [Float]) {
        let n = encoder.atoms
        correlations = .allocate(capacity: rows * n)
        multiply(rows: rows, y, lda: encoder.features, transposedA: false, encoder.analysis,
                 correlations, ldc: n, accumulate: false)
        scratch = .allocate(capacity: 3 * n + 16)
        r = scratch
        steps = scratch + n + 8
        thresholds = scratch + 2 * n + 16
        support = .allocate(capacity: n)
        for j in 0..<n {
            let diagonal = gramMatrix[j * n + j]
            // A zero atom never moves: step 0 keeps z_j = 0 (it does not change the objective).
            steps[j] = diagonal > 0 ? 1 / diagonal : 0
            thresholds[j] = lambda * steps[j]
        }
    }

    func deallocate() {
        correlations.deallocate()
        scratch.deallocate()
        support.deallocate()
    }
}
