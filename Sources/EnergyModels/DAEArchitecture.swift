// The shape of a denoising auto-encoder: widths, hidden activation, tied weights, output and loss.
import NeuralNetworks

/// The layers of a `DenoisingAutoEncoder` (one hidden layer, as Vincent et al. 2008):
///
///     encoder  x [features] → h = act(x·W + b) [hidden]           act: sigmoid or ReLU
///     decoder  h → r = out(h·W′ + c) [features]                   W′ = Wᵀ when tied
///
/// with `out` the identity and the squared error for real-valued rows, or the sigmoid and the
/// cross-entropy for rows in [0, 1] (`DAEReconstruction`).
public struct DAEArchitecture: Sendable, Equatable {
    /// The width of a data row.
    public var features: Int
    /// The width of the code h.
    public var hidden: Int
    /// The encoder's nonlinearity.
    public var activation: DAEActivation
    /// Whether the decoder's weights are the transpose of the encoder's (one matrix, two uses).
    public var tied: Bool
    /// The decoder's output and the reconstruction error it is trained on (the energy).
    public var reconstruction: DAEReconstruction

    public init(features: Int, hidden: Int, activation: DAEActivation = .sigmoid, tied: Bool = false,
                reconstruction: DAEReconstruction) {
        self.features = features
        self.hidden = hidden
        self.activation = activation
        self.tied = tied
        self.reconstruction = reconstruction
    }

    /// Checks both widths (≥ 1).
    /// - Throws: `DenoisingAutoEncoderError.invalidArchitecture`.
    public func validate() throws {
        guard features >= 1 else { throw DenoisingAutoEncoderError.invalidArchitecture("features must be at least 1, got \(features)") }
        guard hidden >= 1 else { throw DenoisingAutoEncoderError.invalidArchitecture("hidden units must be at least 1, got \(hidden)") }
    }

    /// Checks rows `[count, features]`: the element count matches the width, every value is
    /// finite, and with the cross-entropy every value is in [0, 1].
    /// - Throws: `DenoisingAutoEncoderError.invalidRows` saying which row and what to do.
    public func validate(rows values: [Float], count: Int) throws {
        switch RowProblem(values, count: count, features: features, range: reconstruction == .crossEntropy ? 0...1 : nil) {
        case nil: return
        case let .wrongCount(values, rows, features)?:
            throw DenoisingAutoEncoderError.invalidRows("\(values) values are not \(rows) rows of \(features) features")
        case let .nonFinite(row, value)?:
            throw DenoisingAutoEncoderError.invalidRows("row \(row) has a non-finite value (\(value))")
        case let .outOfRange(row, value)?:
            throw DenoisingAutoEncoderError.invalidRows(
                "row \(row) has the value \(value) outside [0, 1], which the cross-entropy needs (scale the rows to [0, 1] or use the squared error)")
        }
    }

    /// Every parameter's name and shape in parameter order: `encoder.weight` `[features,
    /// hidden]`, `encoder.bias` `[hidden]`, then `decoder.weight` `[hidden, features]` (untied
    /// only) and `decoder.bias` `[features]`: the order of initialisation, gradients, Adam
    /// slots and model files.
    public var parameterShapes: [(name: String, shape: [Int])] {
        var shapes: [(String, [Int])] = [("encoder.weight", [features, hidden]), ("encoder.bias", [hidden])]
        if !tied { shapes.append(("decoder.weight", [hidden, features])) }
        shapes.append(("decoder.bias", [features]))
        return shapes
    }

    /// The number of parameters.
    public var parameterCount: Int { parameterShapes.reduce(0) { $0 + $1.shape.reduce(1, *) } }
}

/// The encoder's nonlinearity.
public enum DAEActivation: String, Sendable, Equatable, CaseIterable {
    /// h = 1 / (1 + e^(−a)), Vincent et al.'s choice (codes in (0, 1)).
    case sigmoid
    /// h = max(a, 0).
    case relu
}

/// The decoder's output and the per-row reconstruction error E(x) it is trained on: the energy.
public enum DAEReconstruction: String, Sendable, Equatable, CaseIterable {
    /// Linear output r, E = ‖r − x‖² = Σ_j (r_j − x_j)²: real-valued rows (whitened patches).
    case squaredError
    /// Sigmoid output r = σ(l), E = Σ_j −[x_j·log r_j + (1 − x_j)·log(1 − r_j)]: rows in [0, 1]
    /// (digits). Its minimum over r is the rows' binary entropy, 0 only for binary rows.
    case crossEntropy
}
