import NeuralNetworks
import TensorCore

/// Checks shared by every model file's reader.
extension Frame {
    /// The main tensor of a model file: `data` if present, else its only tensor.
    func modelTensor(source: String) throws -> Tensor {
        if let data = self["data"] { return data }
        guard tensors.count == 1 else {
            throw ModelFileError("\(source): no 'data' tensor and more than one array (\(tensors.map(\.name).joined(separator: ", ")))")
        }
        return tensors[0].tensor
    }

    /// A whole-number attribute in `range`, converted exactly (no trap on 1e300, inf or NaN).
    func wholeAttribute(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = attribute(key)?.number, let whole = Int(exactly: value), range.contains(whole) else { return nil }
        return whole
    }

    /// The f32 tensor `name` with `shape`, finite, as a network parameter; errors name `path`
    /// and the tool that makes such models (`maker`).
    func namedParameter(_ name: String, shape: [Int], path: String, maker: String) throws -> NamedParameter {
        guard let tensor = self[name] else {
            throw ModelFileError("\(path): no tensor '\(name)' (the architecture needs \(shape)); retrain it with \(maker)")
        }
        guard tensor.shape == shape else {
            throw ModelFileError("\(path): tensor '\(name)' is \(tensor.shape) but the architecture needs \(shape)")
        }
        try tensor.requireFiniteModel("\(path): tensor '\(name)'")
        return NamedParameter(name: name, shape: shape, values: tensor.floats)
    }
}

extension Tensor {
    /// Fails naming the first NaN or infinity, if any.
    func requireFiniteModel(_ what: String) throws {
        if let index = firstNonFinite {
            let row = rowLength > 0 ? index / rowLength : 0
            throw ModelFileError("\(what) holds NaN or infinity (row \(row)); the file is damaged: make it again")
        }
    }
}
