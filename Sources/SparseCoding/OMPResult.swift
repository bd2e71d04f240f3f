/// The codes found by `OMPEncoder.encode`, with what the rows reached.
public struct OMPResult: Sendable {
    /// Z `[rows, atoms]`, row-major; at most `Options.atomsPerRow` non-zeros per row.
    public var codes: [Float]
    public var rows: Int
    public var atoms: Int
    /// The mean over rows of ‖y − z·D‖² as Batch-OMP tracks it (Double).
    public var meanSquaredResidual: Double
    /// The mean over rows of the atoms chosen.
    public var meanNonZeros: Double
    /// Rows that stopped above the error target (they ran out of atoms); 0 without a target.
    public var rowsAboveTarget: Int
}
