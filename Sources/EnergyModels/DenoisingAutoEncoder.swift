// The denoising auto-encoder's parameters, its code, its restoration and its energy.
import NeuralNetworks
import TensorCore

/// A one-hidden-layer auto-encoder trained to restore corrupted rows (`DAETraining`), shaped
/// by `DAEArchitecture`. Its energy of a row x is the reconstruction error of the clean row,
/// E(x) = error(r(x), x): low on the data manifold the training rows lie on, growing with the
/// distance from it (the lecture's view of the denoising auto-encoder as an energy model).
public struct DenoisingAutoEncoder: Sendable, Equatable {
    /// The shape.
    public let architecture: DAEArchitecture
    /// x → a = x·W + b: W `[features, hidden]`, b `[hidden]` (the activation is applied after).
    public internal(set) var encoder: DenseLayer
    /// W′ `[hidden, features]` when untied; empty when tied (W′ = Wᵀ).
    public internal(set) var decoderWeights: [Float]
    /// c `[features]`.
    public internal(set) var decoderBias: [Float]

    /// A fresh network initialised as PyTorch's `nn.Linear` from one `SeededGenerator(seed:)`:
    /// the encoder (W then b, U(±1/√features)), then the decoder (W′ unless tied, then c,
    /// U(±1/√hidden)).
    /// - Throws: `DenoisingAutoEncoderError.invalidArchitecture`.
    public init(architecture: DAEArchitecture, seed: UInt64) throws {
        try architecture.validate()
        self.architecture = architecture
        var generator = SeededGenerator(seed: seed)
        encoder = DenseLayer(inputs: architecture.features, outputs: architecture.hidden, generator: &generator)
        if architecture.tied {
            let bound = 1 / Double(architecture.hidden).squareRoot()
            decoderWeights = []
            decoderBias = (0..<architecture.features).map { _ in Float((2 * generator.unit() - 1) * bound) }
        } else {
            let decoder = DenseLayer(inputs: architecture.hidden, outputs: architecture.features, generator: &generator)
            decoderWeights = decoder.weights
            decoderBias = decoder.bias
        }
    }

    /// A network with the given parameters, in the order and with the names and shapes of
    /// `architecture.parameterShapes`, every value finite.
    /// - Throws: `.invalidArchitecture`, or `.parameterMismatch` naming the first parameter
    ///   that is missing, misnamed, misshapen or not finite.
    public init(architecture: DAEArchitecture, parameters: [NamedParameter]) throws {
        try architecture.validate()
        if let mismatch = parameterMismatch(parameters, expected: architecture.parameterShapes) {
            throw DenoisingAutoEncoderError.parameterMismatch(mismatch)
        }
        self.architecture = architecture
        encoder = DenseLayer(inputs: architecture.features, outputs: architecture.hidden,
                             weights: parameters[0].values, bias: parameters[1].values)
        decoderWeights = architecture.tied ? [] : parameters[2].values
        decoderBias = parameters[parameters.count - 1].values
    }

    /// Every parameter (name, shape, values) in parameter order.
    public var parameters: [NamedParameter] {
        var values = [encoder.weights, encoder.bias]
        if !architecture.tied { values.append(decoderWeights) }
        values.append(decoderBias)
        return zip(architecture.parameterShapes, values).map { NamedParameter(name: $0.0.name, shape: $0.0.shape, values: $0.1) }
    }

    /// Calls `body` on every parameter tensor in parameter order, with its index (an
    /// optimizer's slot): the way training updates the network in place.
    mutating func updateParameters(_ body: (_ values: inout [Float], _ index: Int) -> Void) {
        body(&encoder.weights, 0)
        body(&encoder.bias, 1)
        if !architecture.tied { body(&decoderWeights, 2) }
        body(&decoderBias, architecture.tied ? 2 : 3)
    }

    /// The encoder's filters `[hidden, features]`, one row per hidden unit (the transpose of W):
    /// the rows a montage shows as images (Vincent et al.'s edge and stroke detectors).
    public var filters: [Float] {
        transposed(encoder.weights, rows: architecture.features, columns: architecture.hidden)
    }

    /// The decoder as a layer h `[rows, hidden]` → `[rows, features]` (its weights the
    /// transpose of the encoder's when tied).
    var decoder: DenseLayer {
        let weights = architecture.tied
            ? transposed(encoder.weights, rows: architecture.features, columns: architecture.hidden) : decoderWeights
        return DenseLayer(inputs: architecture.hidden, outputs: architecture.features, weights: weights, bias: decoderBias)
    }

    /// The code h = act(x·W + b) `[rows, hidden]` of X `[rows, features]` (the hidden units'
    /// activations: sigmoid probabilities or ReLU values).
    public func encode(_ x: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        precondition(x.count == rows * architecture.features, "DenoisingAutoEncoder: \(x.count) values are not \(rows)×\(architecture.features)")
        switch architecture.activation {
        case .relu:
            return encoder.forward(x, rows: rows, activation: .relu, threads: threads)
        case .sigmoid:
            var h = encoder.forward(x, rows: rows, threads: threads)
            for i in h.indices { h[i] = sigmoid(h[i]) }
            return h
        }
    }

    /// The decoder's pre-output values `[rows, features]` of code H: the reconstruction itself
    /// (squared error) or its logits (cross-entropy).
    func decoderOutput(code h: [Float], rows: Int, threads: Int?) -> [Float] {
        decoder.forward(h, rows: rows, threads: threads)
    }

    /// The reconstruction r(x) `[rows, features]` of X `[rows, features]` (corrupted or not):
    /// the denoised rows, in [0, 1] with the cross-entropy.
    public func restore(_ x: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        var output = decoderOutput(code: encode(x, rows: rows, threads: threads), rows: rows, threads: threads)
        if architecture.reconstruction == .crossEntropy {
            for i in output.indices { output[i] = sigmoid(output[i]) }
        }
        return output
    }

    /// The energy E(x) of each row of X `[rows, features]`: the reconstruction error of the
    /// clean row, `reconstructionErrors(of: x, against: x)`.
    public func energies(_ x: [Float], rows: Int, threads: Int? = nil) -> [Double] {
        reconstructionErrors(of: x, against: x, rows: rows, threads: threads)
    }

    /// The error of restoring each row of `input` `[rows, features]` (say, corrupted rows)
    /// measured against `target` (the clean rows), by `architecture.reconstruction`.
    public func reconstructionErrors(of input: [Float], against target: [Float], rows: Int, threads: Int? = nil) -> [Double] {
        precondition(target.count == input.count, "DenoisingAutoEncoder: \(input.count) inputs, \(target.count) targets")
        let output = decoderOutput(code: encode(input, rows: rows, threads: threads), rows: rows, threads: threads)
        return reconstructionTerms(output: output, target: target, rows: rows, gradientScale: nil).errors
    }

    /// The per-row errors of the decoder's `output` against `target` and, with
    /// `gradientScale` c, c·∂(Σ_rows error)/∂output.
    func reconstructionTerms(output: [Float], target: [Float], rows: Int, gradientScale: Float?) -> (errors: [Double], gradient: [Float]?) {
        let features = architecture.features
        switch architecture.reconstruction {
        case .crossEntropy:
            let loss = binaryCrossEntropyWithLogits(logits: output, targets: target, rows: rows, columns: features, gradientScale: gradientScale)
            return (loss.rowSums, loss.gradient)
        case .squaredError:
            var errors = [Double](repeating: 0, count: rows)
            var gradient = [Float](repeating: 0, count: gradientScale == nil ? 0 : output.count)
            let scale = 2 * (gradientScale ?? 0)
            for r in 0..<rows {
                var sum = 0.0
                for j in (r * features)..<((r + 1) * features) {
                    let residual = output[j] - target[j]
                    sum += Double(residual) * Double(residual)
                    if gradientScale != nil { gradient[j] = scale * residual }
                }
                errors[r] = sum
            }
            return (errors, gradientScale == nil ? nil : gradient)
        }
    }
}

/// The transpose `[columns, rows]` of a row-major matrix `[rows, columns]`, in tiles of 32×32
/// (a tied network transposes W twice per batch; element by element, the strided writes miss
/// the cache and cost as much as the products).
func transposed(_ matrix: [Float], rows: Int, columns: Int) -> [Float] {
    precondition(matrix.count == rows * columns, "transposed: \(matrix.count) values are not \(rows)×\(columns)")
    let tile = 32
    return [Float](unsafeUninitializedCapacity: matrix.count) { result, initialized in
        matrix.withUnsafeBufferPointer { source in
            for rowStart in stride(from: 0, to: rows, by: tile) {
                let rowEnd = min(rowStart + tile, rows)
                for columnStart in stride(from: 0, to: columns, by: tile) {
                    let columnEnd = min(columnStart + tile, columns)
                    for r in rowStart..<rowEnd {
                        for c in columnStart..<columnEnd { result[c * rows + r] = source[r * columns + c] }
                    }
                }
            }
        }
        initialized = matrix.count
    }
}
