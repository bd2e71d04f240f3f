/// How far tensors A are from reference tensors B, element by element, summed over pairs of
/// tensors of the same shape (for `tensor-diff`).
public struct TensorDifference: Sendable, Equatable {
    /// Elements compared.
    public private(set) var elements = 0
    /// Rows compared (the first dimension; a scalar counts as one row).
    public private(set) var rows = 0
    /// Σ (a − b)².
    public private(set) var squaredError = 0.0
    /// Σ b².
    public private(set) var referenceEnergy = 0.0
    /// max |a − b|.
    public private(set) var largest = 0.0

    public init() {}

    /// Adds the pair `a`, `b`, which must have the same shape.
    public mutating func add(_ a: Tensor, reference b: Tensor) {
        precondition(a.shape == b.shape, "TensorDifference.add: shapes \(a.shapeDescription) and \(b.shapeDescription)")
        for (p, q) in zip(a.doubles, b.doubles) {
            let d = p - q
            squaredError += d * d
            referenceEnergy += q * q
            largest = max(largest, abs(d))
        }
        elements += a.count
        rows += a.rank >= 1 ? a.shape[0] : 1
    }

    /// Σ (a − b)² over each row of `a` and `b` (rows are the first dimension; a scalar is one
    /// row), which must have the same shape: the squared Euclidean distance of each row of A
    /// from the same row of B.
    public static func rowSquaredErrors(_ a: Tensor, reference b: Tensor) -> [Double] {
        precondition(a.shape == b.shape, "TensorDifference.rowSquaredErrors: shapes \(a.shapeDescription) and \(b.shapeDescription)")
        let rows = a.rank >= 1 ? a.shape[0] : 1
        guard rows > 0 else { return [] }
        let length = a.count / rows
        let (x, y) = (a.doubles, b.doubles)
        return (0..<rows).map { row in
            var sum = 0.0
            for index in row * length..<(row + 1) * length { sum += (x[index] - y[index]) * (x[index] - y[index]) }
            return sum
        }
    }

    /// Mean over elements of (a − b)²; 0 when nothing was compared.
    public var meanSquaredError: Double { elements > 0 ? squaredError / Double(elements) : 0 }

    /// Σ (a − b)² / Σ b²: 0 when A = B, infinity when B is all zeros and A is not.
    public var relativeError: Double { referenceEnergy > 0 ? squaredError / referenceEnergy : (squaredError > 0 ? .infinity : 0) }

    /// Mean over rows of the row's Σ (a − b)².
    public var rowSquaredError: Double { rows > 0 ? squaredError / Double(rows) : 0 }
}
