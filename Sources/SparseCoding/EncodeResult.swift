/// The codes found by `LassoEncoder.encode`, with the solver's statistics.
public struct EncodeResult: Sendable {
    /// Z `[rows, atoms]`, row-major.
    public var codes: [Float]
    public var rows: Int
    public var atoms: Int
    /// The most iterations any row took.
    public var iterations: Int
    /// The mean over rows of the iterations each row took.
    public var meanIterations: Double
    /// Rows that reached `maxIterations` before meeting the tolerance.
    public var unconvergedRows: Int
    /// The mean over rows of ½‖y − z·D‖² + λ‖z‖₁ (Double accumulation).
    public var meanObjective: Double
    /// The mean over rows of the number of non-zero codes.
    public var meanNonZeros: Double

    public init(
        codes: [Float], rows: Int, atoms: Int, iterations: Int, meanIterations: Double,
        unconvergedRows: Int, meanObjective: Double, meanNonZeros: Double
    ) {
        self.codes = codes
        self.rows = rows
        self.atoms = atoms
        self.iterations = iterations
        self.meanIterations = meanIterations
        self.unconvergedRows = unconvergedRows
        self.meanObjective = meanObjective
        self.meanNonZeros = meanNonZeros
    }
}
