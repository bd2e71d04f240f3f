import TensorCore

extension Frame {
    /// A whole-number attribute that must be present and in `range`, else a clear failure.
    public func requiredInt(_ key: String, in range: ClosedRange<Int> = 1...1 << 30, purpose: String) throws -> Int {
        guard let value = attribute(key)?.number, value.rounded() == value, range.contains(Int(value)) else {
            throw ToolFailure("input has no valid '\(key)' attribute, needed \(purpose)")
        }
        return Int(value)
    }

    /// The `data` tensor as a matrix `[rows, features]`, or a clear failure.
    public func dataMatrix(purpose: String = "") throws -> Tensor {
        guard let data = self["data"] else {
            let names = tensors.map(\.name).joined(separator: ", ")
            throw ToolFailure("input frame has no 'data' tensor (it has: \(names.isEmpty ? "none" : names))\(purpose)")
        }
        guard data.rank == 2 else {
            throw ToolFailure("'data' must be a matrix [rows, features], not \(data.shapeDescription)\(purpose)")
        }
        return data
    }

    /// The main tensor of a model file: `data` if present, else its only tensor.
    public func mainTensor(of file: String) throws -> Tensor {
        if let data = self["data"] { return data }
        guard tensors.count == 1 else {
            throw ToolFailure("\(file): no 'data' tensor and more than one array (\(tensors.map(\.name).joined(separator: ", ")))")
        }
        return tensors[0].tensor
    }
}

extension Tensor {
    /// Fails with a message naming the first NaN or infinity, if any.
    public func requireFinite(_ what: String) throws {
        if let index = firstNonFinite {
            let row = rowLength > 0 ? index / rowLength : 0
            throw ToolFailure("\(what) holds NaN or infinity (row \(row)); clean the data first")
        }
    }
}
