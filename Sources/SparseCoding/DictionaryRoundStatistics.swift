// A shard's share of one synchronous round of distributed dictionary learning (Mairal et al.
// 2010): the statistics A and B of its rows' codes, which add across shards.
import TensorCore

/// The sums one shard returns in a synchronous round: broadcast D, each shard codes its rows
/// Y_k `[n_k, features]` against D, returns (A_k, B_k, n_k, energy_k); the sums are the
/// statistics of the concatenated batch, so merged rounds are the single-machine minibatch step
/// with the larger batch (`DictionaryLearner.step(merged:)`).
///
/// Sizes: A `[atoms, atoms]` and B `[atoms, features]` in Double, whatever n_k is.
public struct DictionaryRoundStatistics: Sendable, Equatable {
    public let atoms: Int
    public let features: Int
    /// n: the rows coded.
    public internal(set) var rows: Int = 0
    /// A = Σ z zᵀ `[atoms, atoms]` over the rows' codes z (not divided by n).
    public internal(set) var gramOfCodes: [Double]
    /// B = Σ z yᵀ `[atoms, features]` (row j: the data atom j explains).
    public internal(set) var codesTimesData: [Double]
    /// Σ over the rows of the lasso energy ½‖y − z·D‖² + λ‖z‖₁.
    public internal(set) var energy: Double = 0
    /// Residuals y − z·D of a few random rows `[count, features]`: the rows an unused atom is
    /// re-initialised from in the merged step, as the single-machine step takes one from its batch.
    public internal(set) var residuals: [Float] = []

    /// No rows yet.
    public init(atoms: Int, features: Int) {
        self.atoms = atoms
        self.features = features
        gramOfCodes = [Double](repeating: 0, count: atoms * atoms)
        codesTimesData = [Double](repeating: 0, count: atoms * features)
    }

    /// Saved sums (see the properties); nil when the sizes disagree or a value is not finite.
    public init?(atoms: Int, features: Int, rows: Int, gramOfCodes: [Double], codesTimesData: [Double], energy: Double,
                 residuals: [Float] = []) {
        guard atoms >= 1, features >= 1, rows >= 0, gramOfCodes.count == atoms * atoms,
              codesTimesData.count == atoms * features, energy.isFinite, residuals.count % features == 0,
              residuals.allSatisfy(\.isFinite),
              gramOfCodes.allSatisfy(\.isFinite), codesTimesData.allSatisfy(\.isFinite) else { return nil }
        self.init(atoms: atoms, features: features)
        self.rows = rows
        self.gramOfCodes = gramOfCodes
        self.codesTimesData = codesTimesData
        self.energy = energy
        self.residuals = residuals
    }

    /// Codes `rows` rows `[rows, features]` against `dictionary` `[atoms, features]` with the
    /// learner's solver and options, and sums their statistics; keeps the residuals of
    /// `residualRows` rows drawn with `seed`.
    public init(coding batch: [Float], rows: Int, dictionary: [Float], atoms: Int, features: Int,
                options: DictionaryLearner.Options, residualRows: Int = 4, seed: UInt64 = 0) {
        precondition(batch.count == rows * features && dictionary.count == atoms * features,
                     "DictionaryRoundStatistics: sizes disagree")
        self.init(atoms: atoms, features: features)
        guard rows > 0 else { return }
        let solver = LassoEncoder.resolvedAlgorithm(options.algorithm, atoms: atoms)
        let encoder = LassoEncoder(
            dictionary: dictionary, atoms: atoms, features: features, stepSolvers: solver == .fista || solver == .ista)
        let coded = encoder.encode(batch, rows: rows, options: options.encoding)
        for r in 0..<rows {
            let z = r * atoms, y = r * features
            for j in 0..<atoms where coded.codes[z + j] != 0 {
                let zj = Double(coded.codes[z + j])
                for k in 0..<atoms { gramOfCodes[j * atoms + k] += zj * Double(coded.codes[z + k]) }
                for f in 0..<features { codesTimesData[j * features + f] += zj * Double(batch[y + f]) }
            }
        }
        self.rows = rows
        energy = coded.meanObjective * Double(rows)
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<min(residualRows, rows) {
            let r = generator.below(rows)
            var residual = Array(batch[(r * features)..<((r + 1) * features)])
            for k in 0..<atoms where coded.codes[r * atoms + k] != 0 {
                for f in 0..<features { residual[f] -= coded.codes[r * atoms + k] * dictionary[k * features + f] }
            }
            residuals += residual
        }
    }

    /// The mean energy per row (0 with no rows).
    public var meanObjective: Double { rows > 0 ? energy / Double(rows) : 0 }

    /// Adds another shard's sums (same sizes).
    public mutating func merge(_ other: DictionaryRoundStatistics) {
        precondition(other.atoms == atoms && other.features == features, "DictionaryRoundStatistics.merge: sizes differ")
        rows += other.rows
        energy += other.energy
        residuals += other.residuals
        for i in gramOfCodes.indices { gramOfCodes[i] += other.gramOfCodes[i] }
        for i in codesTimesData.indices { codesTimesData[i] += other.codesTimesData[i] }
    }
}
