// The VAE's parameters: an MLP encoder with mean and logvar heads, an MLP decoder.
import NeuralNetworks
import TensorCore

/// A variational auto-encoder with MLP encoder and decoder (see `VAEArchitecture` for the
/// layers): q(z | x) = N(μ(x), diag(exp(logvar(x)))), prior N(0, I), decoder p(x | z) by
/// `VAELikelihood`. The loss of a row is the negative ELBO (`VAELoss`); training minimises the
/// mean over a batch of reconstruction + β·KL.
///
/// Every layer is held in `layers` in parameter order: encoder layers, mean head, logvar
/// head, decoder layers, output layer (see `VAEArchitecture.parameterShapes`).
public struct VariationalAutoEncoder: Sendable, Equatable {
    public let architecture: VAEArchitecture
    /// Every layer, in parameter order.
    public internal(set) var layers: [DenseLayer]

    /// A fresh model: every layer initialised as PyTorch's `nn.Linear` (U(±1/√inputs) for
    /// weights then bias), in parameter order, from one `SeededGenerator(seed: seed)`.
    /// - Throws: `VariationalCodingError.invalidArchitecture`.
    public init(architecture: VAEArchitecture, seed: UInt64) throws {
        try architecture.validate()
        self.architecture = architecture
        var generator = SeededGenerator(seed: seed)
        layers = architecture.layerShapes.map { DenseLayer(inputs: $0.inputs, outputs: $0.outputs, generator: &generator) }
    }

    /// A model from saved parameters, in the order and with the names and shapes of
    /// `architecture.parameterShapes`, every value finite.
    /// - Throws: `VariationalCodingError.invalidArchitecture`, or `.parameterMismatch` naming
    ///   the first parameter that is missing, misnamed, misshapen or not finite.
    public init(architecture: VAEArchitecture, parameters: [VAEParameter]) throws {
        try architecture.validate()
        let expected = architecture.parameterShapes
        guard parameters.count == expected.count else {
            throw VariationalCodingError.parameterMismatch(
                "\(parameters.count) parameter tensors, the architecture has \(expected.count)")
        }
        for (given, wanted) in zip(parameters, expected) {
            guard given.name == wanted.name else {
                throw VariationalCodingError.parameterMismatch("expected \(wanted.name), found \(given.name)")
            }
            guard given.shape == wanted.shape, given.values.count == wanted.shape.reduce(1, *) else {
                throw VariationalCodingError.parameterMismatch(
                    "\(given.name) has shape \(given.shape) (\(given.values.count) values), expected \(wanted.shape)")
            }
            guard given.values.allSatisfy(\.isFinite) else {
                throw VariationalCodingError.parameterMismatch("\(given.name) has non-finite values")
            }
        }
        self.architecture = architecture
        layers = architecture.layerShapes.enumerated().map { index, shape in
            DenseLayer(inputs: shape.inputs, outputs: shape.outputs,
                       weights: parameters[2 * index].values, bias: parameters[2 * index + 1].values)
        }
    }

    /// Every parameter (name, shape, values) in parameter order.
    public var parameters: [VAEParameter] {
        zip(architecture.parameterShapes, layers.flatMap { [$0.weights, $0.bias] }).map {
            VAEParameter(name: $0.0.name, shape: $0.0.shape, values: $0.1)
        }
    }

    /// The total number of parameters.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// The encoder's hidden layers (ReLU), first to last.
    public var encoder: ArraySlice<DenseLayer> { layers[0..<hiddenCount] }
    /// The mean head μ, hidden.last → latent (linear).
    public var meanHead: DenseLayer { layers[hiddenCount] }
    /// The logvar head log σ², hidden.last → latent (linear).
    public var logVarianceHead: DenseLayer { layers[hiddenCount + 1] }
    /// The decoder's hidden layers (ReLU), first (from z) to last.
    public var decoder: ArraySlice<DenseLayer> { layers[(hiddenCount + 2)..<(2 * hiddenCount + 2)] }
    /// The output layer, hidden[0] → features (logits for Bernoulli, means for Gaussian).
    public var output: DenseLayer { layers[2 * hiddenCount + 2] }

    var hiddenCount: Int { architecture.hidden.count }
    var meanIndex: Int { hiddenCount }
    var logVarianceIndex: Int { hiddenCount + 1 }
    var outputIndex: Int { 2 * hiddenCount + 2 }
}
