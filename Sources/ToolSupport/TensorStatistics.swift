import TensorCore

/// Running min, max, mean and zero count over the elements of tensors (for `tensor-info`).
public struct TensorStatistics {
    public private(set) var count = 0
    public private(set) var minimum = Double.infinity
    public private(set) var maximum = -Double.infinity
    public private(set) var zeros = 0
    public private(set) var nonFinite = 0
    private var sum = 0.0

    public init() {}

    public mutating func add(_ tensor: Tensor) {
        for value in tensor.doubles {
            count += 1
            guard value.isFinite else { nonFinite += 1; continue }
            minimum = min(minimum, value)
            maximum = max(maximum, value)
            sum += value
            if value == 0 { zeros += 1 }
        }
    }

    public var mean: Double { count > nonFinite ? sum / Double(count - nonFinite) : .nan }
    public var zeroFraction: Double { count > 0 ? Double(zeros) / Double(count) : 0 }
}
