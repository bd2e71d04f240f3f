import ContrastiveLearning
import EnergyModels
import TensorCore
import TensorStream
import VariationalCoding

/// Any model file with an encoder, read by its `kind`: a contrastive encoder (its
/// representation h, or with `projection` the unit-length head output z), a VAE (the mean μ
/// of q(z|x)), an RBM (the hidden probabilities p(h = 1 | v)) or a denoising auto-encoder (its
/// hidden units). What `embed` runs.
public enum EncoderModel: Sendable {
    case contrastive(ContrastiveModel, projection: Bool)
    case vae(VAEModel)
    case rbm(RBMModel)
    case dae(DAEModel)

    /// Reads `path` (`-` is stdin); `projection` asks a contrastive model for z instead of h.
    /// - Throws: `ModelFileError` for a file of another kind, or a damaged one.
    public static func read(path: String, projection: Bool) throws -> EncoderModel {
        let frame = try TensorInput.readSingleFrame(path: path)
        switch frame.attribute("kind")?.string {
        case ContrastiveModel.kind: return .contrastive(try ContrastiveModel(frame: frame, path: path), projection: projection)
        case VAEModel.kind:
            if projection { throw ModelFileError("\(inputName(path)): a VAE has no projection head; --projection is for contrast-train's models") }
            return .vae(try VAEModel(frame: frame, path: path))
        case RBMModel.kind:
            if projection { throw ModelFileError("\(inputName(path)): an RBM has no projection head; --projection is for contrast-train's models") }
            return .rbm(try RBMModel(frame: frame, path: path))
        case DAEModel.kind:
            if projection { throw ModelFileError("\(inputName(path)): a denoising auto-encoder has no projection head; --projection is for contrast-train's models") }
            return .dae(try DAEModel(frame: frame, path: path))
        case let kind:
            let what = kind.map { "a '\($0)' model" } ?? "a file without a kind attribute"
            throw ModelFileError("\(inputName(path)): \(what) has no encoder to embed with (give a model of contrast-train, vae-train, rbm-train or dae-train)")
        }
    }

    /// The file's name as messages give it.
    public var path: String {
        switch self {
        case let .contrastive(model, _): model.path
        case let .vae(model): model.path
        case let .rbm(model): model.path
        case let .dae(model): model.path
        }
    }

    /// The width of the rows it encodes.
    public var features: Int {
        switch self {
        case let .contrastive(model, _): model.architecture.features
        case let .vae(model): model.architecture.features
        case let .rbm(model): model.machine.visible
        case let .dae(model): model.architecture.features
        }
    }

    /// The width of a code.
    public var width: Int {
        switch self {
        case let .contrastive(model, projection): projection ? model.architecture.dimension : model.architecture.representationWidth
        case let .vae(model): model.architecture.latent
        case let .rbm(model): model.machine.hidden
        case let .dae(model): model.architecture.hidden
        }
    }

    /// The codes `[rows, width]` of X `[rows, features]`.
    /// - Throws: the model's error for rows it cannot take (non-finite; outside [0, 1] for a
    ///   Bernoulli VAE, an RBM or a cross-entropy DAE).
    public func encode(_ x: [Float], rows: Int) throws -> [Float] {
        guard rows > 0 else { return [] }
        switch self {
        case let .contrastive(model, projection):
            try model.architecture.validate(rows: x, count: rows)
            guard projection else { return model.network.represent(x, rows: rows) }
            return model.network.unitProjection(x, rows: rows)
        case let .vae(model):
            try model.architecture.validate(rows: x, count: rows)
            return model.autoEncoder.encode(x, rows: rows).mean
        case let .rbm(model):
            try model.machine.validate(rows: x, count: rows)
            return model.machine.hiddenProbabilities(x, rows: rows)
        case let .dae(model):
            try model.architecture.validate(rows: x, count: rows)
            return model.autoEncoder.encode(x, rows: rows)
        }
    }
}
