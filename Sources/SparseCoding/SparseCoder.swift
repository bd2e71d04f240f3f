/// Codes rows `[rows, features]` into codes `[rows, atoms]` any way `sparse-encode` can: by
/// solving the lasso with a `LassoEncoder`, by a trained `LISTAEncoder`, or by orthogonal
/// matching pursuit (`OMPEncoder`), and sums what the report states over the rows coded.
public enum SparseCoder: Sendable {
    /// Lasso codes by one of the engine's solvers.
    case lasso(LassoEncoder, LassoEncoder.Options)
    /// LISTA codes; with the dictionary `[atoms, features]`, their lasso energies for `lambda`
    /// are measured too.
    case lista(LISTAEncoder, lambda: Float, dictionary: [Float]?)
    /// ℓ0 codes by Batch-OMP (no λ: the energy is unknown, the squared residual is summed).
    case omp(OMPEncoder, OMPEncoder.Options)

    /// Sums over the rows coded so far.
    public struct Totals: Sendable {
        public private(set) var rows = 0
        /// Sum of the rows' energies ½‖y − z·D‖² + λ‖z‖₁; nil when unknown (LISTA without D).
        public private(set) var energy: Double? = 0
        public private(set) var nonZeros = 0.0
        /// Sum of the solver iterations; nil for LISTA (a fixed depth).
        public private(set) var iterations: Double? = 0
        /// Sum of the rows' ‖y − z·D‖² (OMP only, else nil).
        public fileprivate(set) var squaredResidual: Double?
        /// Rows that stopped above OMP's error target.
        public fileprivate(set) var rowsAboveTarget = 0

        public init() {}

        mutating func add(rows count: Int, energy rowsEnergy: Double?, nonZeros rowsNonZeros: Double, iterations rowsIterations: Double?) {
            rows += count
            energy = rowsEnergy.flatMap { value in energy.map { $0 + value } }
            nonZeros += rowsNonZeros
            iterations = rowsIterations.flatMap { value in iterations.map { $0 + value } }
        }
    }

    public var atoms: Int {
        switch self {
        case .lasso(let encoder, _): encoder.atoms
        case .lista(let encoder, _, _): encoder.atoms
        case .omp(let encoder, _): encoder.atoms
        }
    }

    public var features: Int {
        switch self {
        case .lasso(let encoder, _): encoder.features
        case .lista(let encoder, _, _): encoder.features
        case .omp(let encoder, _): encoder.features
        }
    }

    /// The codes `[rows, atoms]` of `data` `[rows, features]`, with their sums added to `totals`.
    public func encode(_ data: [Float], rows: Int, totals: inout Totals) -> [Float] {
        switch self {
        case .lasso(let encoder, let options):
            let result = encoder.encode(data, rows: rows, options: options)
            let n = Double(rows)
            totals.add(rows: rows, energy: result.meanObjective * n, nonZeros: result.meanNonZeros * n, iterations: result.meanIterations * n)
            return result.codes
        case .lista(let encoder, let lambda, let dictionary):
            let codes = encoder.encode(data, rows: rows)
            let energy = dictionary.map {
                lassoObjective(data: data, codes: codes, rows: rows, dictionary: $0, atoms: encoder.atoms, features: encoder.features, lambda: lambda)
                    .reduce(0, +)
            }
            var nonZeros = 0
            for value in codes where value != 0 { nonZeros += 1 }
            totals.add(rows: rows, energy: energy, nonZeros: Double(nonZeros), iterations: nil)
            return codes
        case .omp(let encoder, let options):
            let result = encoder.encode(data, rows: rows, options: options)
            let n = Double(rows)
            totals.add(rows: rows, energy: nil, nonZeros: result.meanNonZeros * n, iterations: nil)
            totals.squaredResidual = (totals.squaredResidual ?? 0) + result.meanSquaredResidual * n
            totals.rowsAboveTarget += result.rowsAboveTarget
            return result.codes
        }
    }
}
