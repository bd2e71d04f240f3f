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

extension DictionaryFile {
    /// A fingerprint of the dictionary's shape and float32 values (FNV-1a, 64 bits, as 16 hex
    /// digits): models derived from a dictionary (a LISTA encoder) record it, so that they are
    /// not used with another one.
    public var fingerprint: String { dictionaryFingerprint(values, atoms: atoms, features: features) }
}

/// FNV-1a (64 bits) over the shape and the little-endian float32 bit patterns of D, as 16 hex
/// digits.
public func dictionaryFingerprint(_ values: [Float], atoms: Int, features: Int) -> String {
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
