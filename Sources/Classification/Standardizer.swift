/// Per-feature standardisation (scikit-learn's `StandardScaler`): x ↦ (x − mean) / std, with the
/// mean and the population standard deviation (divisor n) of each column of the training rows.
/// A constant column (std 0) maps to 0 everywhere.
public struct Standardizer: Sendable {
    /// `[columns]`.
    public let means: [Double]
    /// `[columns]`; 0 for a constant column.
    public let deviations: [Double]

    /// Fits on row-major `[rows, columns]` features (rows ≥ 1).
    public init(fittedOn features: [Float], rows: Int, columns: Int) {
        precondition(rows >= 1 && features.count == rows * columns, "Standardizer: shape")
        var sum = [Double](repeating: 0, count: columns)
        for row in 0..<rows { for j in 0..<columns { sum[j] += Double(features[row * columns + j]) } }
        let means = sum.map { $0 / Double(rows) }
        var squares = [Double](repeating: 0, count: columns)
        for row in 0..<rows {
            for j in 0..<columns {
                let d = Double(features[row * columns + j]) - means[j]
                squares[j] += d * d
            }
        }
        self.means = means
        // A column whose spread is rounding noise of its mean counts as constant.
        deviations = zip(squares, means).map { square, mean in
            let deviation = (square / Double(rows)).squareRoot()
            return deviation > 1e-6 * max(abs(mean), 1e-30) ? deviation : 0
        }
    }

    /// The standardised copy of row-major `[rows, columns]` features.
    public func transform(_ features: [Float]) -> [Float] {
        let columns = means.count
        precondition(features.count % max(columns, 1) == 0, "Standardizer: width")
        var result = features
        for i in result.indices {
            let j = i % columns
            result[i] = deviations[j] == 0 ? 0 : Float((Double(features[i]) - means[j]) / deviations[j])
        }
        return result
    }

    /// The rows standardised by this fit.
    public func transform(_ rows: LabelledRows) -> LabelledRows {
        LabelledRows(features: transform(rows.features), rows: rows.rows, columns: rows.columns,
                     classes: rows.classes, classCount: rows.classCount)
    }
}
