// Orthogonal matching pursuit against a fixed dictionary, batched (Batch-OMP).

/// Encodes rows of data with few atoms each by orthogonal matching pursuit (Pati et al. 1993):
/// per row y, atoms are chosen greedily, each time the one most correlated with the residual,
/// and z is the least-squares fit of y on the atoms chosen so far,
///
///     z = argmin over z supported on S:  ‖y − z·D‖²,
///
/// until `Options.atomsPerRow` atoms or ‖y − z·D‖² ≤ `Options.errorTarget` (the ℓ0 problem
/// scikit-learn's `sparse_encode(algorithm='omp')` and SPAMS' `omp` solve greedily).
///
/// Batch-OMP (Rubinstein, Zibulevsky & Elad 2008): the Gram matrix G = D·Dᵀ is formed once; per
/// row only α⁰ = y·Dᵀ touches the data (one blocked product per tile of rows); then each step
/// picks k = argmax |α|, extends the Cholesky factor L of G_SS by one row (Double), and updates
/// α = D·r by the new orthonormal direction u_s of the chosen span, α −= (u_s·y)·D·u_s, where
/// D·u_s = (G_k − Σ_{i<s} L_{s,i}·D·u_i)/L_{s,s} (one Float SIMD pass over the atoms, the
/// kernels' `pursuitStep`); the squared residual is ‖y‖² − Σ (u_i·y)², and the codes
/// γ = L⁻ᵀ(u·y) at the end. Cost per row: 2·atoms·features flops for α⁰, then about
/// 2·atoms·s at step s. With `Options.rule = .orderRecursive` the same passes also track each
/// atom's norm off the chosen span and pick the atom that lowers the residual most (ORMP,
/// the rule of SPAMS' `omp`).
///
/// Shapes: D `[atoms, features]` (one atom per row; atoms need not have unit norm), data Y
/// `[rows, features]`, codes Z `[rows, atoms]`; the reconstruction is Z·D. Rows run on all
/// processors; a row's code depends only on that row (ties go to the lowest atom index), so
/// the same input gives the same bytes whatever the thread count or batch size.
public struct OMPEncoder: Sendable {
    /// The number of atoms (rows of D, columns of the codes).
    public let atoms: Int
    /// The number of features (columns of D and of the data).
    public let features: Int
    /// D `[atoms, features]`, row-major.
    public let dictionary: [Float]
    /// Dᵀ packed as the right operand of y·Dᵀ (depth features, columns atoms).
    let analysis: PackedRightOperand
    /// G = D·Dᵀ `[atoms, atoms]` row-major, in Double (the Cholesky rows and solves run in Double).
    let gram: [Double]
    /// G rounded to Float, for the passes over the atoms.
    let gramFloats: [Float]
    /// G_jj, Float: the norms ‖d_j‖² that ORMP's scores start from.
    let diagonal: [Float]

    /// The most atoms `Options.validate` lets through: their Gram matrix takes 192 MiB (Double and Float).
    public static let atomLimit = 4096

    /// Tiles hold at most this many rows (α⁰ of a tile stays in cache).
    static let tileRows = 192

    /// Precomputes the packed Dᵀ and the Gram matrix for D `[atoms, features]` (row-major).
    /// Cost: one atoms×features×atoms product; memory 12·atoms² bytes.
    public init(dictionary: [Float], atoms: Int, features: Int) {
        precondition(atoms >= 0 && features >= 0, "OMPEncoder: negative dimensions")
        precondition(dictionary.count == atoms * features,
                     "OMPEncoder: dictionary has \(dictionary.count) elements, expected \(atoms)×\(features)")
        self.atoms = atoms
        self.features = features
        self.dictionary = dictionary
        analysis = PackedRightOperand(dictionary, depth: features, columns: atoms, transposed: true)
        // G in Double from the atoms themselves, so that the Cholesky pivots of nearly
        // dependent atoms are not lost to Float rounding.
        var g = [Double](repeating: 0, count: atoms * atoms)
        for i in 0..<atoms {
            for j in i..<atoms {
                var sum = 0.0
                for f in 0..<features { sum += Double(dictionary[i * features + f]) * Double(dictionary[j * features + f]) }
                g[i * atoms + j] = sum
                g[j * atoms + i] = sum
            }
        }
        gram = g
        gramFloats = g.map { Float($0) }
        diagonal = (0..<atoms).map { Float(g[$0 * atoms + $0]) }
    }

    /// ORMP leaves out atoms whose norm off the chosen span is below this share of ‖d_j‖²:
    /// their score would be Float rounding divided by almost nothing.
    static let orderRecursiveFloor: Float = 1e-5

    /// Codes every row of `data` (Y `[rows, features]`, row-major) by Batch-OMP.
    /// - Returns: codes Z `[rows, atoms]` and the mean squared residual and atoms per row.
    /// - Precondition: `options.validate(atoms: atoms, features: features)` does not throw.
    public func encode(_ data: [Float], rows: Int, options: Options) -> OMPResult {
        precondition(data.count == rows * features,
                     "OMPEncoder.encode: data has \(data.count) elements, expected \(rows)×\(features)")
        do { try options.validate(atoms: atoms, features: features) } catch { preconditionFailure("OMPEncoder.encode: \(error)") }
        // Each tile zeroes its own rows just before coding them: a separate pass over the dense
        // codes first (4·atoms bytes a row) took 3% of a K = 5 run.
        var codes = [Float](unsafeUninitializedCapacity: rows * atoms) { _, count in count = rows * atoms }
        var residuals = [Double](repeating: 0, count: rows)
        var chosen = [Int32](repeating: 0, count: rows)
        let limit = options.mostAtoms(atoms: atoms, features: features)
        let target = options.errorTarget
        let orderRecursive = options.rule == .orderRecursive
        let floors = orderRecursive ? diagonal.map { $0 * Self.orderRecursiveFloor } : [Float](repeating: 0, count: atoms)
        if rows > 0 {
            let parts = max(processorCount, (rows + Self.tileRows - 1) / Self.tileRows)
            data.withUnsafeBufferPointer { y in
                codes.withUnsafeMutableBufferPointer { z in
                    residuals.withUnsafeMutableBufferPointer { residuals in
                        chosen.withUnsafeMutableBufferPointer { chosen in
                            let y = y.baseAddress!, z = z.baseAddress!
                            let residuals = residuals.baseAddress!, chosen = chosen.baseAddress!
                            forEachRange(rows, parts: parts, granularity: kernels.tileRows) { range in
                                let r = range.lowerBound
                                codeTile(y + r * features, rows: range.count, limit: limit, target: target, floors: floors,
                                         orderRecursive: orderRecursive, codes: z + r * atoms, residuals: residuals + r,
                                         chosen: chosen + r)
                            }
                        }
                    }
                }
            }
        }
        let count = Double(max(rows, 1))
        var above = 0
        if let target { for value in residuals where value > target { above += 1 } }
        return OMPResult(
            codes: codes, rows: rows, atoms: atoms,
            meanSquaredResidual: residuals.reduce(0, +) / count,
            meanNonZeros: Double(chosen.reduce(0) { $0 + Int($1) }) / count,
            rowsAboveTarget: above)
    }

    /// Codes the rows `y` `[rows, features]` of one tile into `codes` `[rows, atoms]` (written
    /// whole), with each row's squared residual and number of atoms.
    func codeTile(
        _ y: UnsafePointer<Float>, rows: Int, limit: Int, target: Double?, floors: [Float], orderRecursive: Bool,
        codes: UnsafeMutablePointer<Float>, residuals: UnsafeMutablePointer<Double>, chosen: UnsafeMutablePointer<Int32>
    ) {
        let n = atoms, f = features
        let correlations = UnsafeMutablePointer<Float>.allocate(capacity: max(1, rows * n))
        defer { correlations.deallocate() }
        if n > 0 {
            multiply(rows: rows, y, lda: f, transposedA: false, analysis, correlations, ldc: n, accumulate: false)
        }
        let work = OMPWorkspace(atoms: n, limit: limit)
        defer { work.deallocate() }
        gram.withUnsafeBufferPointer { g in
            gramFloats.withUnsafeBufferPointer { gf in
                diagonal.withUnsafeBufferPointer { diagonal in
                    floors.withUnsafeBufferPointer { floors in
                        let tables = OMPTables(gram: g.baseAddress!, gramFloats: gf.baseAddress!, diagonal: diagonal.baseAddress!,
                                               floors: floors.baseAddress!, orderRecursive: orderRecursive)
                        for row in 0..<rows {
                            (codes + row * n).initialize(repeating: 0, count: n)
                            var norm2 = 0.0
                            for j in 0..<f { norm2 += Double(y[row * f + j]) * Double(y[row * f + j]) }
                            let (count, residual) = work.codeRow(
                                correlations: correlations + row * n, squaredNorm: norm2, tables: tables,
                                atoms: n, limit: limit, target: target, codes: codes + row * n)
                            residuals[row] = residual
                            chosen[row] = Int32(count)
                        }
                    }
                }
            }
        }
    }
}
