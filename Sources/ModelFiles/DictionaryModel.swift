import TensorCore
import TensorStream

/// A dictionary D `[atoms, features]`, one atom per row (as scikit-learn's `components_`),
/// as a model file holds it: a stream frame (its `data` tensor, or its only tensor), `.npy`
/// or `.npz`, checked to be a finite matrix. The frame's attributes (lambda, patch geometry,
/// ...) are kept.
public struct DictionaryModel: Sendable {
    /// Where it was read from, as messages name it (`stdin` for `-`, as every input is named).
    public let path: String
    public let atoms: Int
    public let features: Int
    /// Row-major `[atoms, features]`.
    public let values: [Float]
    /// The model frame with its attributes (λ, patch size, ...).
    public let frame: Frame

    /// Reads the single frame of `path` (`-` is stdin).
    public static func read(path: String) throws -> DictionaryModel {
        try DictionaryModel(frame: try TensorInput.readSingleFrame(path: path), path: path)
    }

    /// The dictionary in `frame`, or a failure naming `path`.
    public init(frame: Frame, path: String) throws {
        let path = inputName(path)
        let tensor = try frame.modelTensor(source: path)
        guard tensor.rank == 2, tensor.shape[0] >= 1, tensor.shape[1] >= 1 else {
            throw ModelFileError("\(path): a dictionary is a matrix [atoms, features], not \(tensor.shapeDescription)")
        }
        try tensor.requireFiniteModel("\(path): the dictionary")
        self.path = path
        self.frame = frame
        atoms = tensor.shape[0]
        features = tensor.shape[1]
        values = tensor.floats
    }

    /// A dictionary frame to write: `data` = D, then `kind=dictionary` and `attributes` in order.
    public static func frame(values: [Float], atoms: Int, features: Int, attributes: [(String, AttributeValue)]) -> Frame {
        var frame = Frame()
        frame["data"] = Tensor(shape: [atoms, features], floats: values)
        frame.setAttribute("kind", .string("dictionary"))
        for (key, value) in attributes { frame.setAttribute(key, value) }
        return frame
    }

    /// A fingerprint of the dictionary's shape and float32 values (FNV-1a, 64 bits, as 16 hex
    /// digits): models derived from a dictionary (a LISTA encoder) record it, so that they are
    /// not used with another one.
    public var fingerprint: String { Self.fingerprint(values, atoms: atoms, features: features) }

    /// FNV-1a (64 bits) over the shape and the little-endian float32 bit patterns of D, as 16
    /// hex digits.
    public static func fingerprint(_ values: [Float], atoms: Int, features: Int) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ word: UInt32) {
            for shift in stride(from: 0, to: 32, by: 8) {
                hash ^= UInt64((word >> UInt32(shift)) & 0xFF)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        mix(UInt32(truncatingIfNeeded: atoms))
        mix(UInt32(truncatingIfNeeded: features))
        for value in values { mix(value.bitPattern) }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The attributes that describe the rows the atoms were learned from (patch geometry and
    /// whitening), copied from `frame` into models derived from it.
    public static let rowAttributes = ["patch_height", "patch_width", "channels", "whitened"]
}
