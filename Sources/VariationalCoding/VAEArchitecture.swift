// The shape of a VAE: features, hidden widths, latent dimension, likelihood.

/// The layers of a `VariationalAutoEncoder` (the PyTorch VAE example's shape):
///
///     encoder  x [features] → hidden[0] (ReLU) [→ hidden[1] (ReLU)] → mean μ, logvar [latent]
///     decoder  z [latent] → hidden.last (ReLU) [→ hidden[0] (ReLU)] → output [features]
public struct VAEArchitecture: Sendable, Equatable {
    /// The width of a data row.
    public var features: Int
    /// The encoder's hidden widths, 1 or 2 of them; the decoder mirrors them.
    public var hidden: [Int]
    /// The dimension of the latent code z.
    public var latent: Int
    public var likelihood: VAELikelihood

    public init(features: Int, hidden: [Int], latent: Int, likelihood: VAELikelihood) {
        self.features = features
        self.hidden = hidden
        self.latent = latent
        self.likelihood = likelihood
    }

    /// Checks every size (≥ 1; one or two hidden widths) and the Gaussian's σ (finite, > 0).
    /// - Throws: `VariationalCodingError.invalidArchitecture`.
    public func validate() throws {
        func fail(_ reason: String) -> VariationalCodingError { .invalidArchitecture(reason) }
        guard features >= 1 else { throw fail("features must be at least 1, got \(features)") }
        guard latent >= 1 else { throw fail("latent dimension must be at least 1, got \(latent)") }
        guard hidden.count == 1 || hidden.count == 2 else {
            throw fail("one or two hidden layers are supported, got \(hidden.count)")
        }
        if let bad = hidden.first(where: { $0 < 1 }) { throw fail("hidden widths must be at least 1, got \(bad)") }
        if case let .gaussian(s) = likelihood, !(s.isFinite && s > 0) {
            throw fail("the Gaussian standard deviation must be finite and > 0, got \(s)")
        }
    }

    /// Checks rows `[count, features]` for training or encoding: the element count matches the
    /// width, every value is finite, and with the Bernoulli likelihood every value is in [0, 1].
    /// - Throws: `VariationalCodingError.invalidRows` saying which row and what to do.
    public func validate(rows values: [Float], count: Int) throws {
        guard values.count == count * features else {
            throw VariationalCodingError.invalidRows("\(values.count) values are not \(count) rows of \(features) features")
        }
        for (index, value) in values.enumerated() {
            guard value.isFinite else {
                throw VariationalCodingError.invalidRows("row \(index / features) has a non-finite value (\(value))")
            }
            if likelihood == .bernoulli, !(value >= 0 && value <= 1) {
                throw VariationalCodingError.invalidRows(
                    "row \(index / features) has the value \(value) outside [0, 1], which the Bernoulli likelihood needs (scale the rows to [0, 1] or use the Gaussian likelihood)")
            }
        }
    }

    /// The widths of the layers in parameter order, as (name, inputs, outputs): the encoder
    /// layers, the mean head, the logvar head, the decoder layers, the output layer.
    public var layerShapes: [(name: String, inputs: Int, outputs: Int)] {
        var shapes: [(String, Int, Int)] = []
        var width = features
        for (i, h) in hidden.enumerated() {
            shapes.append(("encoder.\(i)", width, h))
            width = h
        }
        shapes.append(("mean", width, latent))
        shapes.append(("logvar", width, latent))
        width = latent
        for (i, h) in hidden.reversed().enumerated() {
            shapes.append(("decoder.\(i)", width, h))
            width = h
        }
        shapes.append(("output", width, features))
        return shapes
    }

    /// Every parameter's name and shape in parameter order (each layer's weight `[inputs,
    /// outputs]` then bias `[outputs]`), e.g. `encoder.0.weight`, `encoder.0.bias`, …,
    /// `output.bias`: the order of initialisation, gradients, Adam slots and model files.
    public var parameterShapes: [(name: String, shape: [Int])] {
        layerShapes.flatMap { layer in
            [(layer.name + ".weight", [layer.inputs, layer.outputs]), (layer.name + ".bias", [layer.outputs])]
        }
    }
}
