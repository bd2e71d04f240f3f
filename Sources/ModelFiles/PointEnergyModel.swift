import EnergyModels
import TensorCore
import TensorStream

/// Any model file with an energy of a row, read by its `kind`: an MLP energy (ebm-train) or a
/// denoising auto-encoder, whose energy is the reconstruction error of the row (dae-train).
/// What `energy-map` draws.
public enum PointEnergyModel: Sendable {
    case mlp(MLPEnergyModel)
    case dae(DAEModel)

    /// Reads `path` (`-` is stdin).
    /// - Throws: `ModelFileError` for a file of another kind, or a damaged one.
    public static func read(path: String) throws -> PointEnergyModel {
        let frame = try TensorInput.readSingleFrame(path: path)
        switch frame.attribute("kind")?.string {
        case MLPEnergyModel.kind: return .mlp(try MLPEnergyModel(frame: frame, path: path))
        case DAEModel.kind: return .dae(try DAEModel(frame: frame, path: path))
        case let kind:
            let what = kind.map { "a '\($0)' model" } ?? "a file without a kind attribute"
            throw ModelFileError("\(inputName(path)): \(what) has no energy to draw (give a model of ebm-train or dae-train)")
        }
    }

    public var path: String {
        switch self {
        case let .mlp(model): model.path
        case let .dae(model): model.path
        }
    }

    /// The width of a row.
    public var inputs: Int {
        switch self {
        case let .mlp(model): model.energy.inputs
        case let .dae(model): model.architecture.features
        }
    }

    /// E of each row of `points` `[rows, inputs]`.
    /// - Throws: the DAE's error for rows it cannot take (outside [0, 1] with the cross-entropy).
    public func energies(_ points: [Float], rows: Int) throws -> [Double] {
        switch self {
        case let .mlp(model): return model.energy.energies(points, rows: rows).map(Double.init)
        case let .dae(model):
            try model.architecture.validate(rows: points, count: rows)
            return model.autoEncoder.energies(points, rows: rows)
        }
    }
}
