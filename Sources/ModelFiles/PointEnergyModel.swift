import EnergyModels
import TensorCore
import TensorStream

/// Any model file with an energy of a row, read by its `kind`: an MLP energy (ebm-train), a
/// denoising auto-encoder, whose energy is the reconstruction error of the row (dae-train), or
/// an RBM, whose energy is the free energy F(v) (rbm-train). What `energy-map` draws.
public enum PointEnergyModel: Sendable {
    case mlp(MLPEnergyModel)
    case dae(DAEModel)
    case rbm(RBMModel)

    /// Reads `path` (`-` is stdin).
    /// - Throws: `ModelFileError` for a file of another kind, or a damaged one.
    public static func read(path: String) throws -> PointEnergyModel {
        let frame = try TensorInput.readSingleFrame(path: path)
        switch frame.attribute("kind")?.string {
        case MLPEnergyModel.kind: return .mlp(try MLPEnergyModel(frame: frame, path: path))
        case DAEModel.kind: return .dae(try DAEModel(frame: frame, path: path))
        case RBMModel.kind: return .rbm(try RBMModel(frame: frame, path: path))
        case let kind:
            let what = kind.map { "a '\($0)' model" } ?? "a file without a kind attribute"
            throw ModelFileError("\(inputName(path)): \(what) has no energy to draw (give a model of ebm-train, dae-train or rbm-train)")
        }
    }

    public var path: String {
        switch self {
        case let .mlp(model): model.path
        case let .dae(model): model.path
        case let .rbm(model): model.path
        }
    }

    /// The width of a row.
    public var inputs: Int {
        switch self {
        case let .mlp(model): model.energy.inputs
        case let .dae(model): model.architecture.features
        case let .rbm(model): model.machine.visible
        }
    }

    /// E of each row of `points` `[rows, inputs]`.
    /// - Throws: the DAE's or the RBM's error for rows it cannot take (outside [0, 1] with the
    ///   cross-entropy, or for binary visible units).
    public func energies(_ points: [Float], rows: Int) throws -> [Double] {
        switch self {
        case let .mlp(model): return model.energy.energies(points, rows: rows).map(Double.init)
        case let .dae(model):
            try model.architecture.validate(rows: points, count: rows)
            return model.autoEncoder.energies(points, rows: rows)
        case let .rbm(model):
            try model.machine.validate(rows: points, count: rows)
            return model.machine.freeEnergy(points, rows: rows).map(Double.init)
        }
    }
}
