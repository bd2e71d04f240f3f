import TensorCore

extension Frame {
    /// A whole-number attribute that must be present and in `range`, else a clear failure.
    /// NaN, infinities, fractions and numbers past `Int` are refused like any value out of range.
    public func requiredInt(_ key: String, in range: ClosedRange<Int> = 1...1 << 30, purpose: String) throws -> Int {
        guard let number = attribute(key)?.number else {
            throw ToolFailure("input has no '\(key)' attribute, needed \(purpose)")
        }
        guard let value = Int(exactly: number), range.contains(value) else {
            throw ToolFailure("input's '\(key)' attribute is \(number), not a whole number in \(range.lowerBound)...\(range.upperBound) (needed \(purpose))")
        }
        return value
    }

    /// The most features (columns of `data`) any tool takes, 2²⁰: a frame of zero rows could
    /// otherwise claim any width, and tools size work from it (whitening's F x F covariance).
    public static let maxFeatures = 1 << 20

    /// A number attribute that may be absent (nil) but, when present, must be finite and in
    /// `range`, else a clear failure naming `file` (a model's `lambda`, for instance).
    public func optionalNumber(_ key: String, in range: ClosedRange<Double>, of file: String) throws -> Double? {
        guard let value = attribute(key) else { return nil }
        guard let number = value.number, number.isFinite, range.contains(number) else {
            throw ToolFailure("\(file): attribute '\(key)' is \(value), not a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// The `data` tensor as a matrix `[rows, features]` with at most `maxFeatures` features
    /// (`Frame.maxFeatures` unless a tool needs fewer), or a clear failure.
    public func dataMatrix(purpose: String = "", maxFeatures: Int = Frame.maxFeatures) throws -> Tensor {
        guard let data = self["data"] else {
            let names = tensors.map(\.name).joined(separator: ", ")
            throw ToolFailure("input frame has no 'data' tensor (it has: \(names.isEmpty ? "none" : names))\(purpose)")
        }
        guard data.rank == 2 else {
            throw ToolFailure("'data' must be a matrix [rows, features], not \(data.shapeDescription)\(purpose)")
        }
        guard data.rowLength <= maxFeatures else {
            throw ToolFailure("'data' rows have \(data.rowLength) features, more than the \(maxFeatures) this tool takes\(purpose)")
        }
        return data
    }
}

extension Tensor {
    /// The elements as `Int`, each a whole number that fits (as a file's `pos` or labels must
    /// be), or a failure naming the first that is not (NaN, infinite, fractional, too large).
    public func exactInts(_ what: String) throws -> [Int] {
        func convert<T: BinaryFloatingPoint>(_ values: [T]) throws -> [Int] {
            try values.enumerated().map { index, value in
                guard let int = Int(exactly: value) else {
                    throw ToolFailure("\(what) holds \(value) at element \(index), not a whole number")
                }
                return int
            }
        }
        switch storage {
        case .f32(let v): return try convert(v)
        case .f64(let v): return try convert(v)
        case .i32(let v): return v.map { Int($0) }
        case .u8(let v): return v.map { Int($0) }
        }
    }

    /// Fails with a message naming the first NaN or infinity, if any.
    public func requireFinite(_ what: String) throws {
        if let index = firstNonFinite {
            let row = rowLength > 0 ? index / rowLength : 0
            throw ToolFailure("\(what) holds NaN or infinity (row \(row)); clean the data first")
        }
    }
}
