import TensorCore
import TensorStream

/// A dictionary loaded from a model file (stream, `.npy` or `.npz`): `[atoms, features]`,
/// one atom per row, checked to be finite.
public struct DictionaryFile {
    public let path: String
    public let atoms: Int
    public let features: Int
    /// Row-major `[atoms, features]`.
    public let values: [Float]
    /// The model frame's attributes (λ, patch size, ...).
    public let frame: Frame

    public init(path: String) throws {
        let frame = try TensorInput.readSingleFrame(path: path)
        let tensor = try frame.mainTensor(of: path)
        guard tensor.rank == 2, tensor.shape[0] >= 1, tensor.shape[1] >= 1 else {
            throw ToolFailure("\(path): a dictionary is a matrix [atoms, features], not \(tensor.shapeDescription)")
        }
        try tensor.requireFinite("\(path): the dictionary")
        self.path = path
        self.frame = frame
        atoms = tensor.shape[0]
        features = tensor.shape[1]
        values = tensor.floats
    }
}

extension Option {
    /// `--dict FILE`, the same in every tool that uses a dictionary.
    public static let dictionary = Option("dict", value: "FILE", help: "dictionary [atoms, features], one atom per row (stream, .npy or .npz); required")
}
