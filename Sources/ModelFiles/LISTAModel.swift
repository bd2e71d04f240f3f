import SparseCoding
import TensorCore
import TensorStream

/// A trained LISTA encoder as a file (made by lista-train): one frame with tensors
/// `filter` = W_e `[features, atoms]`, `mutual` = S `[atoms, atoms]`, `thresholds` = θ `[atoms]`
/// and the attributes `kind=lista`, `depth`, `lambda`, `atoms`, `features`, `positive` and
/// `dictionary` (the fingerprint of the dictionary it was trained for), then provenance.
public struct LISTAModel: Sendable {
    public let encoder: LISTAEncoder
    /// The λ of the lasso codes it was trained to predict.
    public let lambda: Double
    /// `DictionaryModel.fingerprint` of its dictionary; nil in a file that does not say.
    public let dictionaryFingerprint: String?

    /// The deepest encoder a file may ask for.
    public static let depths = 1...100_000

    public init(encoder: LISTAEncoder, lambda: Double, dictionaryFingerprint: String?) {
        self.encoder = encoder
        self.lambda = lambda
        self.dictionaryFingerprint = dictionaryFingerprint
    }

    /// Reads the single frame of `path`.
    public static func read(path: String) throws -> LISTAModel {
        try LISTAModel(frame: try TensorInput.readSingleFrame(path: path), path: path)
    }

    /// The encoder in `frame`, checked: shapes that agree, finite values, thresholds ≥ 0 (a
    /// negative threshold would turn the shrinkage into an expansion), a whole depth.
    public init(frame: Frame, path: String) throws {
        guard frame.attribute("kind")?.string == "lista", let filter = frame["filter"], let mutual = frame["mutual"],
              let thresholds = frame["thresholds"] else {
            throw ModelFileError("\(path): not a LISTA encoder (needs tensors filter, mutual, thresholds and kind=lista; make one with lista-train)")
        }
        guard let depth = frame.wholeAttribute("depth", in: Self.depths) else {
            throw ModelFileError("\(path): no valid 'depth' attribute (the encoder's number of steps, a whole number from 1 to \(Self.depths.upperBound))")
        }
        guard filter.rank == 2, filter.shape[0] >= 1, filter.shape[1] >= 1,
              mutual.shape == [filter.shape[1], filter.shape[1]], thresholds.shape == [filter.shape[1]] else {
            throw ModelFileError("\(path): encoder shapes disagree (filter \(filter.shapeDescription), mutual \(mutual.shapeDescription), thresholds \(thresholds.shapeDescription))")
        }
        for (name, tensor) in [("filter", filter), ("mutual", mutual), ("thresholds", thresholds)] {
            try tensor.requireFiniteModel("\(path): the encoder's \(name)")
        }
        let lambda = frame.attribute("lambda")?.number ?? 1
        guard lambda.isFinite, lambda >= 0 else { throw ModelFileError("\(path): the encoder's lambda is \(lambda), not a number ≥ 0") }
        do {
            // Thresholds ≥ 0 (a negative one would turn the shrinkage into an expansion) and
            // values finite in float32 are the encoder's own conditions.
            encoder = try LISTAEncoder(
                validating: filter.floats, mutual: mutual.floats, thresholds: thresholds.floats,
                atoms: filter.shape[1], features: filter.shape[0], depth: depth,
                positive: (frame.attribute("positive")?.number ?? 0) != 0)
        } catch {
            throw ModelFileError("\(path): \(error); retrain it with lista-train")
        }
        self.lambda = lambda
        dictionaryFingerprint = frame.attribute("dictionary")?.string
    }

    /// The encoder as one frame: its tensors and attributes, then `attributes` in order.
    public func frame(attributes: [(String, AttributeValue)]) -> Frame {
        var frame = Frame()
        frame["filter"] = Tensor(shape: [encoder.features, encoder.atoms], floats: encoder.filter)
        frame["mutual"] = Tensor(shape: [encoder.atoms, encoder.atoms], floats: encoder.mutual)
        frame["thresholds"] = Tensor(shape: [encoder.atoms], floats: encoder.thresholds)
        frame.setAttribute("kind", .string("lista"))
        frame.setAttribute("depth", .number(Double(encoder.depth)))
        frame.setAttribute("lambda", .number(lambda))
        frame.setAttribute("atoms", .number(Double(encoder.atoms)))
        frame.setAttribute("features", .number(Double(encoder.features)))
        frame.setAttribute("positive", .number(encoder.positive ? 1 : 0))
        frame.setAttribute("dictionary", .string(dictionaryFingerprint ?? ""))
        for (key, value) in attributes { frame.setAttribute(key, value) }
        return frame
    }
}
