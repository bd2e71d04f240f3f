// Sparse coding of a batch against a fixed dictionary: the lasso, solved by the homotopy
// (LARS), coordinate descent, FISTA or ISTA.

/// Encodes rows of data as sparse combinations of the atoms of a fixed dictionary by solving,
/// independently for every row y, the lasso
///
///     minimise over z:  ½‖y − z·D‖² + λ‖z‖₁        (optionally subject to z ≥ 0)
///
/// (SPAMS `lambda1` / scikit-learn `sparse_encode` `alpha` convention; the form
/// ‖y − Wz‖² + λ'‖z‖₁ has λ' = 2λ).
///
/// Shapes: D `[atoms, features]` (one atom per row, scikit-learn's `components_`), data Y
/// `[rows, features]`, codes Z `[rows, atoms]`; the reconstruction is Z·D.
///
/// The batch is cut into tiles of rows that run on all processors. FISTA/ISTA tiles iterate
/// with blocked matrix products; LARS and CD form y·Dᵀ for the tile with one product and then
/// work row by row against the Gram matrix. Every row follows its own trajectory (own momentum,
/// restart, support and stopping test), and the products compute each row the same way
/// wherever it sits, so a row's code depends only on that row: the same input gives the same
/// bytes whatever the batch size, tile boundaries or thread scheduling.
public struct LassoEncoder: Sendable {
    /// The number of atoms (rows of D, columns of the codes).
    public let atoms: Int
    /// The number of features (columns of D and of the data).
    public let features: Int
    /// D `[atoms, features]`, row-major.
    public let dictionary: [Float]
    /// The step constant L ≥ λ_max(D·Dᵀ) (see `lipschitzConstant`); the step is 1/L.
    /// Computed by power iteration when the encoder was made without it.
    public var lipschitz: Float { knownLipschitz ?? Self.stepConstant(dictionary, atoms: atoms, features: features) }
    let knownLipschitz: Float?
    /// Whether the gradient is formed as z·G − y·Dᵀ with the Gram matrix G = D·Dᵀ
    /// (chosen when atoms ≤ 2·features, where it costs fewer flops than (z·D − y)·Dᵀ).
    public let usesGram: Bool

    /// D packed as the right operand of z·D (depth atoms, columns features).
    let synthesis: PackedRightOperand
    /// Dᵀ packed as the right operand of y·Dᵀ (depth features, columns atoms).
    let analysis: PackedRightOperand
    /// G = D·Dᵀ packed as the right operand of z·G, when `usesGram`.
    let gram: PackedRightOperand?
    /// G = D·Dᵀ `[atoms, atoms]` row-major, for LARS and CD; nil past `gramAtomLimit` (then
    /// made by `encode` for the call when `.lars` or `.cd` is asked for by name).
    var gramMatrix: [Float]?

    /// The most atoms for which the encoder keeps the Gram matrix (16 MB), and so for which
    /// `.auto` runs LARS.
    public static let gramAtomLimit = 2048

    /// The most atoms for which `.lars` and `.cd`, asked for by name, run: their Gram matrix
    /// then takes 256 MiB (made at every `encode` call past `gramAtomLimit`). More atoms are
    /// refused by `Options.validate(atoms:)`, never silently given to another solver.
    public static let explicitGramAtomLimit = 8192

    /// Tiles hold at most this many rows, so that the iterates of a tile stay in cache and
    /// there are enough tiles to balance the processors.
    static let tileRows = 192

    /// Precomputes L, the packed operands and (up to `gramAtomLimit` atoms) the Gram matrix
    /// for D `[atoms, features]` (row-major). Atoms need not have unit norm. Cost: the
    /// Lipschitz power iteration plus one atoms×features×atoms product.
    /// - Parameter stepSolvers: whether to compute L now, for `.fista`/`.ista` (only they need
    ///   it); without it they compute L at every `encode` call (a learner that re-makes the
    ///   encoder for every minibatch of LARS codes passes false).
    public init(dictionary: [Float], atoms: Int, features: Int, stepSolvers: Bool = true) {
        precondition(atoms >= 0 && features >= 0, "LassoEncoder: negative dimensions")
        precondition(dictionary.count == atoms * features,
                     "LassoEncoder: dictionary has \(dictionary.count) elements, expected \(atoms)×\(features)")
        self.atoms = atoms
        self.features = features
        self.dictionary = dictionary
        knownLipschitz = stepSolvers ? Self.stepConstant(dictionary, atoms: atoms, features: features) : nil
        synthesis = PackedRightOperand(dictionary, depth: atoms, columns: features, transposed: false)
        analysis = PackedRightOperand(dictionary, depth: features, columns: atoms, transposed: true)
        usesGram = atoms <= 2 * features
        let g = atoms <= Self.gramAtomLimit
            ? matmulTransposedB(dictionary, dictionary, m: atoms, k: features, n: atoms) : nil
        gramMatrix = g
        if usesGram, let g {
            gram = PackedRightOperand(g, depth: atoms, columns: atoms, transposed: false)
        } else {
            gram = nil
        }
    }

    static func stepConstant(_ dictionary: [Float], atoms: Int, features: Int) -> Float {
        let l = lipschitzConstant(dictionary: dictionary, atoms: atoms, features: features)
        // A zero dictionary has a zero gradient; any positive step then leaves z = 0.
        return l > 0 ? Float(l) : 1
    }

    /// The solver `options.algorithm` stands for: `.auto` resolves to `.lars` when the Gram
    /// matrix is held, else to `.fista`; every other choice stands for itself.
    /// (`.auto` stays `.lars`: exact codes, and on whitened patches about as fast as `.cd`.)
    public func resolvedAlgorithm(_ algorithm: Algorithm) -> Algorithm {
        Self.resolvedAlgorithm(algorithm, atoms: atoms)
    }

    /// The solver `algorithm` stands for with a dictionary of `atoms` atoms (the Gram matrix
    /// is held up to `gramAtomLimit` atoms): only `.auto` depends on `atoms`.
    public static func resolvedAlgorithm(_ algorithm: Algorithm, atoms: Int) -> Algorithm {
        switch algorithm {
        case .auto: atoms <= gramAtomLimit ? .lars : .fista
        case .lars, .cd, .fista, .ista: algorithm
        }
    }

    /// Solves the lasso for every row of `data` (Y `[rows, features]`, row-major).
    ///
    /// Each row starts from z = 0 and stops when ‖z_k − z_{k−1}‖₂ ≤ tolerance·‖z_k‖₂ or after
    /// `maxIterations`. FISTA/ISTA: finished rows leave the batch; per iteration and row the
    /// cost is 2·atoms² flops (Gram form) or 4·atoms·features flops, plus O(atoms).
    /// LARS: 2·atoms·features flops per row for y·Dᵀ, then O(atoms·|A| + |A|²) per path step
    /// (an iteration), about one step per non-zero, and one checking pass (an iteration),
    /// O(atoms·(1 + |A|)); rows that fail the check go on with coordinate-descent passes
    /// (iterations) until one over all atoms meets the tolerance.
    /// CD: the same y·Dᵀ, greedy coordinate moves (O(atoms) each; every `atoms` of them count
    /// as an iteration), then passes (iterations) as in LARS's finish, from z = 0.
    /// - Returns: codes Z `[rows, atoms]` and the iteration and objective statistics.
    /// - Precondition: `options.validate(atoms: atoms)` does not throw.
    public func encode(_ data: [Float], rows: Int, options: Options) -> EncodeResult {
        precondition(data.count == rows * features,
                     "LassoEncoder.encode: data has \(data.count) elements, expected \(rows)×\(features)")
        do { try options.validate(atoms: atoms) } catch { preconditionFailure("LassoEncoder.encode: \(error)") }
        if gramMatrix == nil, [.lars, .cd].contains(resolvedAlgorithm(options.algorithm)) {
            var holding = self
            holding.gramMatrix = matmulTransposedB(dictionary, dictionary, m: atoms, k: features, n: atoms)
            return holding.encode(data, rows: rows, options: options)
        }
        let options = {
            var resolved = options
            resolved.algorithm = resolvedAlgorithm(options.algorithm)
            return resolved
        }()

        var codes = [Float](repeating: 0, count: rows * atoms)
        var iterations = [Int32](repeating: 0, count: rows)
        var converged = [Bool](repeating: false, count: rows)
        var energies = [Double](repeating: 0, count: rows)
        if rows > 0 && features > 0 && atoms > 0 {
            let parts = max(processorCount, (rows + Self.tileRows - 1) / Self.tileRows)
            data.withUnsafeBufferPointer { y in
                codes.withUnsafeMutableBufferPointer { z in
                    iterations.withUnsafeMutableBufferPointer { iterations in
                        converged.withUnsafeMutableBufferPointer { converged in
                            energies.withUnsafeMutableBufferPointer { energies in
                                let y = y.baseAddress!, z = z.baseAddress!, iterations = iterations.baseAddress!
                                let converged = converged.baseAddress!, energies = energies.baseAddress!
                                let homotopy = options.algorithm == .lars
                                let descent = options.algorithm == .cd
                                let step = homotopy || descent ? 1 : 1 / lipschitz
                                forEachRange(rows, parts: parts, granularity: kernels.tileRows) { range in
                                    let r = range.lowerBound
                                    if homotopy {
                                        solveTileByHomotopy(
                                            y + r * features, rows: range.count, options: options,
                                            codes: z + r * atoms, iterations: iterations + r,
                                            converged: converged + r, energies: energies + r)
                                        return
                                    }
                                    if descent {
                                        solveTileByCoordinateDescent(
                                            y + r * features, rows: range.count, options: options,
                                            codes: z + r * atoms, iterations: iterations + r,
                                            converged: converged + r, energies: energies + r)
                                        return
                                    }
                                    solveTile(
                                        y + r * features, rows: range.count, options: options, step: step,
                                        codes: z + r * atoms, iterations: iterations + r,
                                        converged: converged + r, energies: energies + r)
                                }
                            }
                        }
                    }
                }
            }
        } else {
            // No atoms or no features: z = 0 is the minimiser and E = ½‖y‖².
            converged = [Bool](repeating: true, count: rows)
            for r in 0..<rows {
                var squares = 0.0
                for f in 0..<features { squares += Double(data[r * features + f]) * Double(data[r * features + f]) }
                energies[r] = 0.5 * squares
            }
        }

        var nonZeros = 0
        for value in codes where value != 0 { nonZeros += 1 }
        let count = Double(max(rows, 1))
        return EncodeResult(
            codes: codes, rows: rows, atoms: atoms,
            iterations: Int(iterations.max() ?? 0),
            meanIterations: Double(iterations.reduce(0) { $0 + Int($1) }) / count,
            unconvergedRows: converged.reduce(0) { $0 + ($1 ? 0 : 1) },
            meanObjective: energies.reduce(0, +) / count,
            meanNonZeros: Double(nonZeros) / count)
    }
}
