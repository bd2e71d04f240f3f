// Encoding rows to (μ, logvar) and decoding latents to means.
import NeuralNetworks

extension VariationalAutoEncoder {
    /// q(z | x) of each row: μ and logvar `[rows, latent]` for X `[rows, features]`.
    public func encode(_ x: [Float], rows: Int, threads: Int? = nil) -> (mean: [Float], logVariance: [Float]) {
        precondition(x.count == rows * architecture.features, "VAE.encode: \(x.count) values are not \(rows)×\(architecture.features)")
        var h = x
        for layer in encoder { h = layer.forward(h, rows: rows, activation: .relu, threads: threads) }
        let (mean, logVariance) = splitColumns(jointHeads.forward(h, rows: rows, threads: threads), rows: rows, half: architecture.latent)
        return (mean, logVariance)
    }

    /// The decoded means E[x | z] `[rows, features]` of latents Z `[rows, latent]`:
    /// sigmoid(logits) for Bernoulli (probabilities), the output itself for Gaussian.
    public func decode(_ z: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        precondition(z.count == rows * architecture.latent, "VAE.decode: \(z.count) values are not \(rows)×\(architecture.latent)")
        var d = z
        for layer in decoder { d = layer.forward(d, rows: rows, activation: .relu, threads: threads) }
        var means = output.forward(d, rows: rows, threads: threads)
        if architecture.likelihood == .bernoulli {
            for i in means.indices { means[i] = sigmoid(means[i]) }
        }
        return means
    }
}
