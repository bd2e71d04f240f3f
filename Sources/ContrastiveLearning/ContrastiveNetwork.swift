// The contrastive network: its layers, its initialisation and its parameters by name.
import NeuralNetworks
import TensorCore

/// An MLP encoder and projection head (`ContrastiveArchitecture`), trained by
/// `ContrastiveTraining` on the InfoNCE loss of pairs of views.
public struct ContrastiveNetwork: Sendable, Equatable {
    /// The shape.
    public let architecture: ContrastiveArchitecture
    /// The encoder's layers then the head's two, in `architecture.layerShapes` order.
    public internal(set) var layers: [DenseLayer]

    /// A network initialised as PyTorch's `nn.Linear` (`DenseLayer`), every layer drawn in
    /// order from `SeededGenerator(seed: seed)`.
    /// - Throws: `ContrastiveLearningError.invalidArchitecture`.
    public init(architecture: ContrastiveArchitecture, seed: UInt64) throws {
        try architecture.validate()
        var generator = SeededGenerator(seed: seed)
        self.architecture = architecture
        layers = architecture.layerShapes.map { DenseLayer(inputs: $0.inputs, outputs: $0.outputs, generator: &generator) }
    }

    /// A network with the given parameters, in `architecture.parameterShapes` order.
    /// - Throws: `ContrastiveLearningError.parameterMismatch` when a name, shape or count
    ///   differs or a value is not finite.
    public init(architecture: ContrastiveArchitecture, parameters: [NamedParameter]) throws {
        try architecture.validate()
        if let problem = parameterMismatch(parameters, expected: architecture.parameterShapes) {
            throw ContrastiveLearningError.parameterMismatch(problem)
        }
        self.architecture = architecture
        layers = architecture.layerShapes.enumerated().map { index, shape in
            DenseLayer(inputs: shape.inputs, outputs: shape.outputs,
                       weights: parameters[2 * index].values, bias: parameters[2 * index + 1].values)
        }
    }

    /// Every parameter (name, shape, values) in parameter order.
    public var parameters: [NamedParameter] {
        zip(architecture.parameterShapes, layers.flatMap { [$0.weights, $0.bias] }).map {
            NamedParameter(name: $0.0.name, shape: $0.0.shape, values: $0.1)
        }
    }

    /// The number of encoder layers (the head's two follow them).
    var encoderDepth: Int { architecture.hidden.count }

    /// The representation h `[rows, hidden.last]` of X `[rows, features]`: the encoder's
    /// last ReLU output.
    public func represent(_ x: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        precondition(x.count == rows * architecture.features, "ContrastiveNetwork: \(x.count) values are not \(rows)×\(architecture.features)")
        var h = x
        for layer in layers[0..<encoderDepth] { h = layer.forward(h, rows: rows, activation: .relu, threads: threads) }
        return h
    }

    /// The projection z `[rows, dimension]` of X (not normalised): g(f(x)).
    public func project(_ x: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        let h = represent(x, rows: rows, threads: threads)
        let p = layers[encoderDepth].forward(h, rows: rows, activation: .relu, threads: threads)
        return layers[encoderDepth + 1].forward(p, rows: rows, threads: threads)
    }

    /// The projection scaled to unit length, g(f(x)) / ‖g(f(x))‖: what the loss compares.
    public func unitProjection(_ x: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        L2Normalization().forward(project(x, rows: rows, threads: threads), rows: rows, columns: architecture.dimension).normalized
    }

    /// Every parameter moved to μ·self + (1 − μ)·`network` (MoCo's key network update).
    /// - Precondition: the same architecture; 0 ≤ μ < 1.
    public mutating func moveTowards(_ network: ContrastiveNetwork, keeping momentum: Float) {
        precondition(network.architecture == architecture && momentum >= 0 && momentum < 1, "moveTowards: another architecture or a bad momentum")
        for index in layers.indices {
            for j in layers[index].weights.indices {
                layers[index].weights[j] = momentum * layers[index].weights[j] + (1 - momentum) * network.layers[index].weights[j]
            }
            for j in layers[index].bias.indices {
                layers[index].bias[j] = momentum * layers[index].bias[j] + (1 - momentum) * network.layers[index].bias[j]
            }
        }
    }
}
