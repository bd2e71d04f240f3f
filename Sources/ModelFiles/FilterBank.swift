import EnergyModels
import TensorCore
import TensorStream

/// The filters of a trained model as rows a montage can draw: row j `[features]` is hidden
/// unit j's weight vector into the visible layer (column j of the weight matrix), the picture
/// of what the unit responds to (Vincent et al.'s edges and strokes).
public struct FilterBank: Sendable {
    /// The filters `[hidden, features]`, one row per hidden unit.
    public let filters: Tensor
    /// The model file's kind (`dae` or `rbm`).
    public let kind: String

    /// The kinds of model file that have filters.
    public static let kinds = [DAEModel.kind, RBMModel.kind]

    /// The filters of the model in `frame`, read (and checked) by its `kind` attribute; nil for
    /// a frame of no kind or of a kind without filters.
    /// - Throws: `ModelFileError` when the frame is a DAE or RBM model but not a valid one.
    public init?(frame: Frame, path: String) throws {
        guard let kind = frame.attribute("kind")?.string else { return nil }
        switch kind {
        case DAEModel.kind: filters = try DAEModel(frame: frame, path: path).filters
        case RBMModel.kind: filters = try RBMModel(frame: frame, path: path).filters
        default: return nil
        }
        self.kind = kind
    }
}

extension DAEModel {
    /// The encoder's filters `[hidden, features]`: row j is column j of `encoder.weight`
    /// `[features, hidden]`, hidden unit j's weights into the visible layer.
    public var filters: Tensor {
        Tensor(shape: [architecture.hidden, architecture.features], floats: autoEncoder.filters)
    }
}

extension RBMModel {
    /// The machine's filters `[hidden, features]`: row j is column j of W `[visible, hidden]`,
    /// hidden unit j's weights into the visible layer.
    public var filters: Tensor {
        let (visible, hidden) = (machine.visible, machine.hidden)
        var rows = [Float](repeating: 0, count: visible * hidden)
        for i in 0..<visible { for j in 0..<hidden { rows[j * visible + i] = machine.weights[i * hidden + j] } }
        return Tensor(shape: [hidden, visible], floats: rows)
    }
}
