// One forward pass through the whole VAE, keeping what the backward pass needs, and the loss
// terms of every row.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NeuralNetworks

/// The activations of rows X `[rows, features]` (a batch or a part of one) and their per-row
/// loss terms. With `gradientRows` B, also ∂J/∂(output) for J = (1/B)·Σ_rows reconstruction
/// (the β·KL part is added in the backward pass).
struct VAEForwardPass {
    let rows: Int
    /// The encoder's ReLU outputs, first to last, each `[rows, hidden[i]]`.
    var encoderActivations: [[Float]] = []
    /// The mean and logvar heads side by side (`VariationalAutoEncoder.jointHeads`).
    let heads: DenseLayer
    /// μ and logvar `[rows, latent]`.
    var mean: [Float] = []
    var logVariance: [Float] = []
    /// z `[rows, latent]`.
    var latent: [Float] = []
    /// The decoder's ReLU outputs, first to last.
    var decoderActivations: [[Float]] = []
    /// The output layer's values `[rows, features]`: logits (Bernoulli) or means (Gaussian).
    var output: [Float] = []
    /// −log p(x | z) and KL of each row.
    var reconstruction: [Double] = []
    var kl: [Double] = []
    /// ∂J/∂output `[rows, features]` when requested, J = (1/B)·Σ reconstruction.
    var outputGradient: [Float]? = nil

    init(model: VariationalAutoEncoder, x: [Float], rows: Int, noise: VAENoise, gradientRows: Int?, threads: Int?) {
        self.rows = rows
        let architecture = model.architecture
        let latentCount = architecture.latent
        var h = x
        for layer in model.encoder {
            h = layer.forward(h, rows: rows, activation: .relu, threads: threads)
            encoderActivations.append(h)
        }
        heads = model.jointHeads
        (mean, logVariance) = splitColumns(heads.forward(h, rows: rows, threads: threads), rows: rows, half: latentCount)
        kl = Self.klDivergences(mean: mean, logVariance: logVariance, rows: rows, latent: latentCount)
        switch noise {
        case .deterministic:
            latent = mean
        case let .samples(epsilon):
            precondition(epsilon.count == rows * latentCount, "VAE: ε has \(epsilon.count) values, expected \(rows)×\(latentCount)")
            latent = [Float](repeating: 0, count: rows * latentCount)
            for i in latent.indices { latent[i] = mean[i] + expf(0.5 * logVariance[i]) * epsilon[i] }
        }
        var d = latent
        for layer in model.decoder {
            d = layer.forward(d, rows: rows, activation: .relu, threads: threads)
            decoderActivations.append(d)
        }
        output = model.output.forward(d, rows: rows, threads: threads)
        (reconstruction, outputGradient) = Self.reconstructionTerms(
            x: x, output: output, rows: rows, features: architecture.features, likelihood: architecture.likelihood,
            gradientScale: gradientRows.map { 1 / Float($0) })
    }

    /// −log p(x | output) of each row and, with `gradientScale` c, c·∂(Σ_rows −log p)/∂output,
    /// in one pass over the outputs (the Bernoulli terms share e^(−|l|)).
    static func reconstructionTerms(
        x: [Float], output: [Float], rows: Int, features: Int, likelihood: VAELikelihood, gradientScale: Float?
    ) -> (terms: [Double], gradient: [Float]?) {
        var terms = [Double](repeating: 0, count: rows)
        var gradient = [Float](repeating: 0, count: gradientScale == nil ? 0 : output.count)
        let scale = gradientScale ?? 0
        x.withUnsafeBufferPointer { x in
            output.withUnsafeBufferPointer { output in
                gradient.withUnsafeMutableBufferPointer { gradient in
                    for r in 0..<rows {
                        var sum = 0.0
                        let columns = (r * features)..<((r + 1) * features)
                        switch likelihood {
                        case .bernoulli:
                            for j in columns {
                                let l = output[j], e = expf(-abs(l))
                                sum += Double(max(l, 0) + log1pf(e) - x[j] * l)
                                if gradientScale != nil { gradient[j] = ((l >= 0 ? 1 / (1 + e) : e / (1 + e)) - x[j]) * scale }
                            }
                        case let .gaussian(s):
                            let inverseVariance = 1 / (s * s)
                            for j in columns {
                                let residual = output[j] - x[j]
                                sum += Double(0.5 * residual * residual * inverseVariance)
                                if gradientScale != nil { gradient[j] = residual * inverseVariance * scale }
                            }
                            sum += 0.5 * log(2 * Double.pi * Double(s) * Double(s)) * Double(features)
                        }
                        terms[r] = sum
                    }
                }
            }
        }
        return (terms, gradientScale == nil ? nil : gradient)
    }

    /// ½ Σ_d (μ² + σ² − 1 − log σ²) per row.
    static func klDivergences(mean: [Float], logVariance: [Float], rows: Int, latent: Int) -> [Double] {
        (0..<rows).map { r in
            var sum = 0.0
            for i in (r * latent)..<((r + 1) * latent) {
                let lv = logVariance[i]
                sum += Double(mean[i] * mean[i] + expf(lv) - 1 - lv)
            }
            return 0.5 * sum
        }
    }
}
