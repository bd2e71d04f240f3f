import ConvolutionalCoding
import TensorCore
import TensorStream

/// A trained convolutional sparse encoder as a file (made by csc-ae-train): one frame with
/// tensors `analysis` = Wₑ and `synthesis` = W_d `[M, C, S1, S2]`, `thresholds` = θ `[M]`, and
/// the attributes `kind=csc-encoder`, `depth`, `lambda` and `kernels` (the fingerprint of the
/// kernels whose maps it predicts, so that csc-encode refuses it with other kernels), then
/// provenance.
public struct ConvolutionalEncoderModel: Sendable {
    public let encoder: ConvolutionalEncoder
    /// The λ of the CSC maps it was trained to predict.
    public let lambda: Double
    /// `ConvolutionKernelsModel.fingerprint` of its kernels; nil in a file that does not say.
    public let kernelsFingerprint: String?
    /// The frame with its attributes.
    public let frame: Frame

    /// The `kind` attribute of an encoder file.
    public static let kind = "csc-encoder"
    /// The deepest encoder a file may ask for.
    public static let depths = 1...100_000

    /// An encoder to write, for kernels of fingerprint `kernelsFingerprint`; `attributes` follow
    /// the encoder's own in the frame.
    public init(encoder: ConvolutionalEncoder, lambda: Double, kernelsFingerprint: String, attributes: [(String, AttributeValue)] = []) {
        self.encoder = encoder
        self.lambda = lambda
        self.kernelsFingerprint = kernelsFingerprint
        var frame = Frame()
        let shape = [encoder.count, encoder.channels, encoder.height, encoder.width]
        frame["analysis"] = Tensor(shape: shape, floats: encoder.analysis)
        frame["synthesis"] = Tensor(shape: shape, floats: encoder.synthesis)
        frame["thresholds"] = Tensor(shape: [encoder.count], floats: encoder.thresholds)
        frame.setAttribute("kind", .string(Self.kind))
        frame.setAttribute("depth", .number(Double(encoder.depth)))
        frame.setAttribute("lambda", .number(lambda))
        frame.setAttribute("kernels", .string(kernelsFingerprint))
        for (key, value) in attributes { frame.setAttribute(key, value) }
        self.frame = frame
    }

    /// Reads the single frame of `path` (`-` is stdin).
    public static func read(path: String) throws -> ConvolutionalEncoderModel {
        try ConvolutionalEncoderModel(frame: try TensorInput.readSingleFrame(path: path), path: path)
    }

    /// The encoder in `frame`, checked: its kind, a whole depth, filter banks of one rank-4
    /// shape with 1 or 3 channels, one threshold per map, finite values, thresholds ≥ 0.
    public init(frame: Frame, path: String) throws {
        let path = inputName(path)
        guard frame.attribute("kind")?.string == Self.kind, let analysis = frame["analysis"], let synthesis = frame["synthesis"],
              let thresholds = frame["thresholds"] else {
            throw ModelFileError("\(path): not a convolutional encoder (needs tensors analysis, synthesis, thresholds and kind=\(Self.kind); make one with csc-ae-train)")
        }
        guard let depth = frame.wholeAttribute("depth", in: Self.depths) else {
            throw ModelFileError("\(path): no valid 'depth' attribute (the encoder's number of shrinkages, a whole number from 1 to \(Self.depths.upperBound))")
        }
        let shape = analysis.shape
        guard shape.count == 4, shape.allSatisfy({ $0 >= 1 }), shape[1] == 1 || shape[1] == 3,
              synthesis.shape == shape, thresholds.shape == [shape[0]] else {
            throw ModelFileError("\(path): encoder shapes disagree (analysis \(analysis.shapeDescription), synthesis \(synthesis.shapeDescription), thresholds \(thresholds.shapeDescription); filters [maps, 1 or 3 channels, height, width], one threshold per map)")
        }
        for (name, tensor) in [("analysis filters", analysis), ("synthesis filters", synthesis), ("thresholds", thresholds)] {
            try tensor.requireFiniteModel("\(path): the encoder's \(name)")
        }
        let lambda = frame.attribute("lambda")?.number ?? 0
        guard lambda.isFinite, lambda >= 0 else { throw ModelFileError("\(path): the encoder's lambda is \(lambda), not a number ≥ 0") }
        do {
            encoder = try ConvolutionalEncoder(analysis: analysis.floats, synthesis: synthesis.floats, thresholds: thresholds.floats, depth: depth,
                                               count: shape[0], channels: shape[1], height: shape[2], width: shape[3])
        } catch {
            throw ModelFileError("\(path): \(error); retrain it with csc-ae-train")
        }
        self.lambda = lambda
        kernelsFingerprint = frame.attribute("kernels")?.string
        self.frame = frame
    }

    /// Whether the encoder was trained for `kernels` (same shape, same fingerprint).
    public func fits(_ kernels: ConvolutionKernelsModel) -> Bool {
        kernels.kernels.count == encoder.count && kernels.kernels.channels == encoder.channels
            && kernels.kernels.height == encoder.height && kernels.kernels.width == encoder.width
            && kernelsFingerprint == kernels.fingerprint
    }
}

extension ConvolutionKernelsModel {
    /// A fingerprint of the kernels' shape and float32 values (FNV-1a, 64 bits, as 16 hex
    /// digits, as `DictionaryModel.fingerprint` with the kernels as M rows of C · S1 · S2):
    /// encoders trained for them record it.
    public var fingerprint: String {
        DictionaryModel.fingerprint(kernels.values, atoms: kernels.count, features: kernels.kernelSize)
    }
}
