// The `.lars` tile: y·Dᵀ for the tile, the homotopy for each row (HomotopyRow.swift), a check of
// the optimality conditions, and coordinate descent with the Gram matrix and an active set
// (CoordinateDescentRow.swift) to finish the rows whose path stopped short or whose check failed.

extension LassoEncoder {
    /// Solves the rows `y` `[rows, features]` of one tile by the homotopy
    /// (HomotopyRow.swift) checked and finished by coordinate descent, writing their
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
        let buffers = GramTileBuffers(self, y, rows: rows, lambda: options.lambda, gramMatrix: gramMatrix)
        defer { buffers.deallocate() }
        let correlations = buffers.correlations, r = buffers.r, steps = buffers.steps
        let thresholds = buffers.thresholds, support = buffers.support
        let tolerance2 = Double(options.tolerance) * Double(options.tolerance)
        let positive = options.positive

        let work = HomotopyWorkspace(atoms: n, features: f)
        defer { work.deallocate() }
        gramMatrix.withUnsafeBufferPointer { g in
            let g = g.baseAddress!
            for row in 0..<rows {
                var pathSteps = 0
                let c = correlations + row * n, z = codes + row * n
                let (supportSize, reached) = kernels.homotopyRow(
                    c: c, gram: g, z: z, r: r, support: support,
                    atoms: n, lambda: options.lambda, positive: options.positive,
                    maxSteps: min(4 * work.capacity + 8, options.maxIterations - 1), steps: &pathSteps, work)
                // The path is exact on its active set; one pass checks that no other atom's
                // correlation exceeds λ (beyond rounding). Coordinate descent only runs if one
                // does, or if the path stopped short.
                if reached {
                    kernels.residualCorrelations(r, c: c, z: z, support: support, supportSize: supportSize, gram: g, atoms: n)
                    let bound = options.lambda * (1 + max(options.tolerance, 1e-5))
                    var violated = false
                    for j in 0..<n where z[j] == 0 && (positive ? r[j] : abs(r[j])) > bound { violated = true }
                    if !violated {
                        iterations[row] = Int32(pathSteps + 1)
                        converged[row] = true
                        continue
                    }
                }
                let (passes, done) = kernels.coordinateDescentRow(
                    c: correlations + row * n, gram: g, steps: steps, thresholds: thresholds,
                    z: codes + row * n, r: r, support: support, supportSize: supportSize, atoms: n,
                    lambda: options.lambda, tolerance2: tolerance2, positive: options.positive,
                    maxPasses: max(1, options.maxIterations - pathSteps), work)
                iterations[row] = Int32(pathSteps + passes)
                converged[row] = done
            }
        }

        storeEnergies(y, codes: codes, rows: rows, lambda: options.lambda, into: energies)
    }
}

