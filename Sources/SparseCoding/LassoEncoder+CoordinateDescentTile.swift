// The `.cd` tile: y·Dᵀ for the tile, then coordinate descent with the Gram matrix and an active
// set for each row from z = 0 (`coordinateDescentRow`, CoordinateDescentRow.swift).
//
// A row starts with greedy (Gauss–Southwell) coordinate moves from z = 0: the coordinate whose
// update shrink(z_j + r_j/G_jj, λ/G_jj) moves furthest, O(atoms) to find and O(atoms) to apply.
// Atoms join in order of importance (the first move is the atom of largest |c_j|, for many
// image patches the whole answer), so the cyclic passes that follow start from a small,
// mostly right support instead of dragging in coherent neighbours in index order.

extension LassoEncoder {
    /// Solves the rows `y` `[rows, features]` of one tile by coordinate descent from z = 0,
    /// writing their codes `[rows, atoms]` (which must be zero on entry), the passes each took,
    /// whether each met the tolerance, and each final energy. Requires `gramMatrix`.
    func solveTileByCoordinateDescent(
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
        // The greedy phase ends when its largest move is at most ~3% of ‖z‖ (measured: later
        // moves are cheaper as passes over the support) or after 64 moves; every `atoms` moves
        // count as an iteration, within `maxIterations`.
        let greedy2 = 1e-3, maxGreedy = min(64, (options.maxIterations - 1) * n)
        let work = HomotopyWorkspace(atoms: n, features: f)
        defer { work.deallocate() }
        gramMatrix.withUnsafeBufferPointer { g in
            let g = g.baseAddress!
            for row in 0..<rows {
                let c = correlations + row * n, z = codes + row * n
                // Greedy phase (Gauss–Southwell): move the coordinate whose update would be the
                // largest, until that move is small next to z; atoms join in order of importance.
                r.update(from: c, count: n)
                var supportSize = 0
                var greedySteps = 0
                var size2: Double = 0
                var move = kernels.largestMove(z: z, r: r, steps: steps, thresholds: thresholds, atoms: n, positive: positive)
                while greedySteps < maxGreedy {
                    let (j, new) = move
                    guard j >= 0 else { break }
                    let old = z[j], delta = new - old
                    if Double(delta) * Double(delta) <= greedy2 * size2 { break }
                    greedySteps += 1
                    z[j] = new
                    // r −= delta·G_j, and the next move found in the same pass over the atoms.
                    if greedySteps < maxGreedy {
                        move = kernels.largestMoveAfterAddingScaled(
                            -delta, g + j * n, to: r, z: z, steps: steps, thresholds: thresholds, atoms: n, positive: positive)
                    } else {
                        kernels.addScaled(r, -delta, g + j * n, count: n)
                    }
                    size2 += Double(new) * Double(new) - Double(old) * Double(old)
                    if old == 0 {
                        support[supportSize] = Int32(j)
                        supportSize += 1
                    } else if new == 0 {
                        var s = 0
                        while Int(support[s]) != j { s += 1 }
                        while s + 1 < supportSize { support[s] = support[s + 1]; s += 1 }
                        supportSize -= 1
                    }
                }
                let (passes, done) = kernels.coordinateDescentRow(
                    c: c, gram: g, steps: steps, thresholds: thresholds, z: z, r: r,
                    support: support, supportSize: supportSize, atoms: n, lambda: options.lambda,
                    tolerance2: tolerance2, positive: positive,
                    maxPasses: max(1, options.maxIterations - (greedySteps + n - 1) / n), work)
                iterations[row] = Int32(passes + (greedySteps + n - 1) / n)
                converged[row] = done
            }
        }

        storeEnergies(y, codes: codes, rows: rows, lambda: options.lambda, into: energies)
    }
}
