// A scalar energy E(y) computed by a small MLP, with its gradients in y and in the weights.
import NeuralNetworks
import TensorCore

/// A learned energy on low-dimensional points: E(y) = MLP(y) with softplus hidden layers and a
/// linear output of one unit,
///
///     a₀ = y,  aₗ = softplus(aₗ₋₁·Wₗ + bₗ) (hidden),  E = a_L·w + c
///
/// softplus, a smooth ReLU, keeps ∇ᵧE continuous, which Langevin sampling follows. The
/// gradients are written by hand: `inputGradient` (∂E/∂y per row, for sampling) and
/// `parameterGradient` (∂(Σᵢ sᵢ·E(yᵢ))/∂θ for row weights sᵢ, for contrastive divergence).
public struct MLPEnergy: Sendable, Equatable {
    /// Hidden layers then the output layer (one output).
    public internal(set) var layers: [DenseLayer]
    /// The width of a point.
    public var inputs: Int { layers[0].inputs }

    /// A network for points of `inputs` values with the given hidden widths, initialised as
    /// PyTorch's `nn.Linear` from `seed`.
    /// - Precondition: inputs ≥ 1, at least one hidden layer, every width ≥ 1.
    public init(inputs: Int, hidden: [Int], seed: UInt64) {
        precondition(inputs >= 1 && !hidden.isEmpty && hidden.allSatisfy { $0 >= 1 }, "MLPEnergy: bad widths")
        var generator = SeededGenerator(seed: seed)
        var widths = [inputs] + hidden
        widths.append(1)
        layers = (1..<widths.count).map { DenseLayer(inputs: widths[$0 - 1], outputs: widths[$0], generator: &generator) }
    }

    /// The widths of the hidden layers.
    public var hidden: [Int] { layers.dropLast().map(\.outputs) }

    /// Every parameter's name and shape in parameter order: `layer.L.weight` `[in, out]`, then
    /// `layer.L.bias` `[out]`, the output layer last.
    public static func parameterShapes(inputs: Int, hidden: [Int]) -> [(name: String, shape: [Int])] {
        let widths = [inputs] + hidden + [1]
        return (1..<widths.count).flatMap { l in
            [("layer.\(l - 1).weight", [widths[l - 1], widths[l]]), ("layer.\(l - 1).bias", [widths[l]])]
        }
    }

    /// A network with saved parameters, in `parameterShapes` order.
    /// - Throws: `EnergyModelError.invalidArchitecture` for bad widths, `.parameterMismatch`
    ///   naming the first parameter whose name, shape or values (not finite) do not fit.
    public init(inputs: Int, hidden: [Int], parameters: [NamedParameter]) throws {
        guard inputs >= 1, !hidden.isEmpty, hidden.allSatisfy({ $0 >= 1 }) else {
            throw EnergyModelError.invalidArchitecture("inputs and every hidden width must be ≥ 1, with at least one hidden layer")
        }
        if let problem = parameterMismatch(parameters, expected: Self.parameterShapes(inputs: inputs, hidden: hidden)) {
            throw EnergyModelError.parameterMismatch(problem)
        }
        layers = stride(from: 0, to: parameters.count, by: 2).map { i in
            DenseLayer(inputs: parameters[i].shape[0], outputs: parameters[i].shape[1], weights: parameters[i].values, bias: parameters[i + 1].values)
        }
    }

    /// Every parameter (name, shape, values) in parameter order.
    public var parameters: [NamedParameter] {
        zip(Self.parameterShapes(inputs: inputs, hidden: hidden), layers.flatMap { [$0.weights, $0.bias] }).map {
            NamedParameter(name: $0.0.name, shape: $0.0.shape, values: $0.1)
        }
    }

    /// Every layer's input (the last entry: the energies `[rows]`) and the hidden layers'
    /// pre-activations, for the backward passes.
    func forward(_ y: [Float], rows: Int) -> (inputs: [[Float]], preActivations: [[Float]]) {
        precondition(y.count == rows * inputs, "MLPEnergy: \(y.count) values are not \(rows)×\(inputs)")
        var activations = [y], preActivations: [[Float]] = []
        for (index, layer) in layers.enumerated() {
            let z = layer.forward(activations[index], rows: rows, threads: 1)
            if index == layers.count - 1 {
                activations.append(z)
            } else {
                preActivations.append(z)
                activations.append(z.map(softplus))
            }
        }
        return (activations, preActivations)
    }

    /// E(yᵢ) for points Y `[rows, inputs]`.
    public func energies(_ y: [Float], rows: Int) -> [Float] { forward(y, rows: rows).inputs[layers.count] }

    /// The mean of E over the rows of Y (0 for none), summed in Double.
    public func meanEnergy(_ y: [Float], rows: Int) -> Double {
        rows == 0 ? 0 : energies(y, rows: rows).reduce(0.0) { $0 + Double($1) } / Double(rows)
    }

    /// Back from ∂L/∂E `[rows]` through every layer: ∂L/∂θ in parameter order (each layer's
    /// weights then bias) and ∂L/∂Y `[rows, inputs]`. softplus′ = sigmoid of the pre-activation.
    func backward(_ pass: (inputs: [[Float]], preActivations: [[Float]]), outputGradient: [Float], rows: Int)
        -> (parameters: [[Float]], input: [Float]) {
        var gradient = outputGradient
        var parameters = [[Float]](repeating: [], count: 2 * layers.count)
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            if index < layers.count - 1 {
                let z = pass.preActivations[index]
                for i in gradient.indices { gradient[i] *= sigmoid(z[i]) }
            }
            let parts = layers[index].backward(input: pass.inputs[index], outputGradient: gradient, rows: rows, inputGradient: true, threads: 1)
            parameters[2 * index] = parts.weights
            parameters[2 * index + 1] = parts.bias
            gradient = parts.input!
        }
        return (parameters, gradient)
    }

    /// E(yᵢ) and ∂E/∂yᵢ `[rows, inputs]` (each row's own gradient).
    public func inputGradient(_ y: [Float], rows: Int) -> (energies: [Float], gradient: [Float]) {
        let pass = forward(y, rows: rows)
        return (pass.inputs[layers.count], backward(pass, outputGradient: [Float](repeating: 1, count: rows), rows: rows).input)
    }

    /// ∂/∂θ of Σᵢ sᵢ·E(yᵢ) for weights `scales` `[rows]`, in parameter order, and the energies.
    public func parameterGradient(_ y: [Float], rows: Int, scales: [Float]) -> (energies: [Float], gradient: [[Float]]) {
        precondition(scales.count == rows, "MLPEnergy.parameterGradient: \(scales.count) scales for \(rows) rows")
        let pass = forward(y, rows: rows)
        return (pass.inputs[layers.count], backward(pass, outputGradient: scales, rows: rows).parameters)
    }
}
