// Online dictionary learning (Mairal, Bach, Ponce & Sapiro 2009): minibatch codes, the
// surrogate's sufficient statistics, and block-coordinate descent over the atoms.
import TensorCore

/// Learns a dictionary D `[atoms, features]` of unit-norm atoms (rows) that makes the rows y of
/// the data cheap to code, minimising the expected lasso energy
///
///     E_y [ min over z:  ½‖y − z·D‖² + λ‖z‖₁ ]        subject to ‖d_j‖ = 1
///
/// by the online algorithm of Mairal et al. (2009, 2010) with minibatches, as SPAMS `trainDL`
/// and scikit-learn's `MiniBatchDictionaryLearning` do. Each `step`:
///
/// 1. codes the minibatch Y `[n, features]` against the current D (the engine's lasso solver;
///    LARS by default, exact);
/// 2. folds the codes into the surrogate's statistics, A ← β·A + ZᵀZ/n `[atoms, atoms]` and
///    B ← β·B + ZᵀY/n `[atoms, features]`, where β forgets the early, poorly coded batches
///    (Mairal et al. 2010, §3.4.3: θ = η(t+1) while t < η − 1, else η² + t + 1 − η, and
///    β = (θ + 1 − η)/(θ + 1) for batch size η at step t, counted from 0);
/// 3. makes one pass of block-coordinate descent over the atoms on the surrogate
///    ½·tr(D·Dᵀ·A) − tr(Dᵀ·B): atom j moves to the minimiser with the others fixed,
///    u = d_j + (b_j − a_j·D)/A_jj, and is renormalised to unit norm (so that D cannot grow
///    while the codes shrink to nothing). An atom that no row has used (A_jj ≈ 0) is not left
///    dead: it is re-initialised from the residual of a random row of the minibatch.
///
/// Memory: D, A, B and the minibatch's codes. Deterministic: the same data, initial D and
/// `seed` give the same bytes (the solver's codes do not depend on thread scheduling).
public struct DictionaryLearner: Sendable {
    /// The number of atoms (rows of D).
    public let atoms: Int
    /// The number of features (columns of D and of the data).
    public let features: Int
    /// The options every step uses.
    public let options: Options
    /// D `[atoms, features]`, row-major, unit rows.
    public internal(set) var dictionary: [Float]
    /// The steps taken so far.
    public internal(set) var steps = 0
    /// Atoms re-initialised so far.
    public internal(set) var reinitialisedAtoms = 0

    /// A = Σ β-weighted ZᵀZ/n `[atoms, atoms]`.
    var gramOfCodes: [Float]
    /// B = Σ β-weighted ZᵀY/n `[atoms, features]` (row j: the data that atom j explains).
    var codesTimesData: [Float]
    var generator: SeededGenerator

    /// Starts from `initialDictionary` `[atoms, features]` (row-major), whose rows are
    /// normalised to unit norm (a zero row is replaced by a random unit vector). Rows already
    /// of unit norm (within float rounding) are kept bit for bit, so that a saved dictionary
    /// starts every process that reads it (a cluster's tasks, a resumed run) the same.
    /// - Precondition: `options.validate(atoms: atoms)` does not throw; atoms, features ≥ 1.
    public init(initialDictionary: [Float], atoms: Int, features: Int, options: Options, seed: UInt64) {
        precondition(atoms >= 1 && features >= 1, "DictionaryLearner: needs at least one atom and one feature")
        precondition(initialDictionary.count == atoms * features,
                     "DictionaryLearner: dictionary has \(initialDictionary.count) elements, expected \(atoms)×\(features)")
        do { try options.validate(atoms: atoms) } catch { preconditionFailure("DictionaryLearner: \(error)") }
        self.atoms = atoms
        self.features = features
        self.options = options
        dictionary = initialDictionary
        gramOfCodes = [Float](repeating: 0, count: atoms * atoms)
        codesTimesData = [Float](repeating: 0, count: atoms * features)
        generator = SeededGenerator(seed: seed)
        for j in 0..<atoms where !isUnitAtom(j) { normaliseAtom(j) }
    }

    /// Whether atom j has unit norm (|‖d_j‖² − 1| ≤ 1e-5, float rounding of a normalised row)
    /// and, with `positiveAtoms`, no negative value: what `normaliseAtom` would leave it.
    func isUnitAtom(_ j: Int) -> Bool {
        let row = dictionary[(j * features)..<((j + 1) * features)]
        if options.positiveAtoms && row.contains(where: { !($0 >= 0) }) { return false }
        let squares = row.reduce(0.0) { $0 + Double($1) * Double($1) }
        return abs(squares - 1) <= 1e-5
    }

    /// One online step on the minibatch Y `[rows, features]` (row-major, finite); see the
    /// type's documentation.
    @discardableResult
    public mutating func step(_ batch: [Float], rows: Int) -> StepReport {
        precondition(batch.count == rows * features,
                     "DictionaryLearner.step: batch has \(batch.count) elements, expected \(rows)×\(features)")
        guard rows > 0 else { return StepReport(meanObjective: 0, meanNonZeros: 0, reinitialisedAtoms: 0) }
        let solver = LassoEncoder.resolvedAlgorithm(options.algorithm, atoms: atoms)
        let encoder = LassoEncoder(
            dictionary: dictionary, atoms: atoms, features: features, stepSolvers: solver == .fista || solver == .ista)
        let coded = encoder.encode(batch, rows: rows, options: options.encoding)
        accumulate(codes: coded.codes, data: batch, rows: rows)
        let reinitialised = updateAtoms(batch: batch, codes: coded.codes, rows: rows)
        steps += 1
        reinitialisedAtoms += reinitialised
        return StepReport(
            meanObjective: coded.meanObjective, meanNonZeros: coded.meanNonZeros,
            reinitialisedAtoms: reinitialised)
    }

    /// The forgetting factor β for a step of `batchSize` rows at step `step` (from 0).
    static func forgetting(step: Int, batchSize: Int) -> Float {
        let eta = Double(batchSize), t = Double(step)
        let theta = step < batchSize - 1 ? eta * (t + 1) : eta * eta + t + 1 - eta
        return Float((theta + 1 - eta) / (theta + 1))
    }

    /// A ← β·A + ZᵀZ/n and B ← β·B + ZᵀY/n, visiting only the non-zero codes.
    mutating func accumulate(codes: [Float], data: [Float], rows: Int) {
        let beta = Self.forgetting(step: steps, batchSize: rows)
        let scale = 1 / Float(rows)
        let atoms = atoms, features = features
        gramOfCodes.withUnsafeMutableBufferPointer { a in
            codesTimesData.withUnsafeMutableBufferPointer { b in
                for i in a.indices { a[i] *= beta }
                for i in b.indices { b[i] *= beta }
                var support = [Int]()
                support.reserveCapacity(atoms)
                codes.withUnsafeBufferPointer { codes in
                    data.withUnsafeBufferPointer { data in
                        for r in 0..<rows {
                            let z = codes.baseAddress! + r * atoms, y = data.baseAddress! + r * features
                            support.removeAll(keepingCapacity: true)
                            for j in 0..<atoms where z[j] != 0 { support.append(j) }
                            for j in support {
                                let zj = z[j] * scale
                                let aj = a.baseAddress! + j * atoms, bj = b.baseAddress! + j * features
                                for k in support { aj[k] += zj * z[k] }
                                for f in 0..<features { bj[f] += zj * y[f] }
                            }
                        }
                    }
                }
            }
        }
    }
}
