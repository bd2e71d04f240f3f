// The negative ELBO of rows and its gradient by hand-written backpropagation.
//
// Forward (per batch of B rows; h the last encoder activation, d the decoder's):
//     μ = h·W_μ + b_μ,  v = h·W_v + b_v (logvar),  σ = exp(½v),  z = μ + σ⊙ε
//     J = (1/B)·Σ_rows [ −log p(x | z) + β·½Σ(μ² + eᵛ − 1 − v) ]
// Backward (g = ∂J/∂z from the decoder):
//     ∂J/∂μ = g + β·μ/B
//     ∂J/∂v = g⊙ε⊙½σ + β·½(eᵛ − 1)/B      (deterministic mode: z = μ, no g term)
//     ∂J/∂h = [∂J/∂μ | ∂J/∂v]·[W_μ | W_v]ᵀ (one product), masked by the ReLU, then back
//     through the encoder.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NeuralNetworks
import SparseCoding

extension VariationalAutoEncoder {
    /// The means over rows of the loss terms (`VAELoss`) for X `[rows, features]`, each row's
    /// z from `noise`. rows = 0 gives zeros.
    public func evaluate(_ x: [Float], rows: Int, noise: VAENoise, threads: Int? = nil) -> VAELoss {
        let terms = rowLosses(x, rows: rows, noise: noise, threads: threads)
        guard rows > 0 else { return VAELoss(reconstruction: 0, kl: 0) }
        return VAELoss(reconstruction: terms.reduce(0) { $0 + $1.reconstruction } / Double(rows),
                       kl: terms.reduce(0) { $0 + $1.kl } / Double(rows))
    }

    /// The loss terms of each row of X `[rows, features]`, each row's z from `noise`.
    public func rowLosses(_ x: [Float], rows: Int, noise: VAENoise, threads: Int? = nil) -> [VAELoss] {
        precondition(x.count == rows * architecture.features, "VAE.rowLosses: \(x.count) values are not \(rows)×\(architecture.features)")
        guard rows > 0 else { return [] }
        let pass = VAEForwardPass(model: self, x: x, rows: rows, noise: noise, gradientRows: nil, threads: threads)
        return zip(pass.reconstruction, pass.kl).map { VAELoss(reconstruction: $0, kl: $1) }
    }

    /// The batch objective J = (1/rows)·Σ_rows (reconstruction + β·KL) and its gradient with
    /// respect to every parameter, in parameter order (each shaped like its parameter).
    ///
    /// A batch of at least `halvingRows` rows is worked as two halves (the first ⌊rows/2⌋ rows,
    /// then the rest) whose gradients are added, the halves on two threads when `threads`
    /// (default: the processors available) allows: the result depends on the rows only, never
    /// on the thread count.
    /// - Returns: the means of the loss terms over the rows (β not applied) and the gradient.
    /// - Precondition: rows ≥ 1, X `[rows, features]`, ε (if any) `[rows, latent]`.
    public func lossAndGradient(
        _ x: [Float], rows: Int, noise: VAENoise, beta: Float, threads: Int? = nil
    ) -> (loss: VAELoss, gradient: [[Float]]) {
        let (loss, parts) = lossAndGradientParts(x, rows: rows, noise: noise, beta: beta, threads: threads)
        return (loss, parts.count == 1 ? parts[0] : zip(parts[0], parts[1]).map { elementwiseSum($0, $1) })
    }

    /// `lossAndGradient` with the gradient left as its one or two parts (the halves'): the
    /// gradient is `elementwiseSum(first, second)`, which a caller can form where it uses it
    /// (VAETraining, inside its threaded Adam steps).
    func lossAndGradientParts(
        _ x: [Float], rows: Int, noise: VAENoise, beta: Float, threads: Int?
    ) -> (loss: VAELoss, parts: [[[Float]]]) {
        precondition(rows >= 1 && x.count == rows * architecture.features,
                     "VAE.lossAndGradient: \(x.count) values are not \(rows)×\(architecture.features)")
        guard rows >= Self.halvingRows else {
            let part = partGradient(x, rows: rows, batchRows: rows, noise: noise, beta: beta, threads: threads)
            return (VAELoss(reconstruction: part.reconstruction / Double(rows), kl: part.kl / Double(rows)), [part.gradient])
        }
        let features = architecture.features, latent = architecture.latent
        let halves = [0..<(rows / 2), (rows / 2)..<rows]
        var parts = [(reconstruction: Double, kl: Double, gradient: [[Float]])?](repeating: nil, count: 2)
        let parallel = usesTwoThreads(rows: rows, threads: threads)
        parts.withUnsafeMutableBufferPointer { parts in
            forEachRange(2, parts: parallel ? 2 : 1) { range in
                for half in range {
                    let span = halves[half]
                    var halfNoise = VAENoise.deterministic
                    if case let .samples(epsilon) = noise {
                        halfNoise = .samples(Array(epsilon[(span.lowerBound * latent)..<(span.upperBound * latent)]))
                    }
                    parts[half] = partGradient(Array(x[(span.lowerBound * features)..<(span.upperBound * features)]),
                                               rows: span.count, batchRows: rows, noise: halfNoise, beta: beta,
                                               threads: parallel ? 1 : threads)
                }
            }
        }
        let first = parts[0]!, second = parts[1]!
        let loss = VAELoss(reconstruction: (first.reconstruction + second.reconstruction) / Double(rows),
                           kl: (first.kl + second.kl) / Double(rows))
        return (loss, [first.gradient, second.gradient])
    }

    /// Batches of this many rows or more are worked as two halves (see `lossAndGradient`).
    public static let halvingRows = 64

    /// Whether a batch of `rows` rows runs on two threads: as `threads` says when given;
    /// otherwise when two processors are available and the batch has at least `parallelWork`
    /// row × parameter products (below that, handing work to a second thread costs more than
    /// it saves: hidden 128 on the digits ran 15% slower on two).
    public func usesTwoThreads(rows: Int, threads: Int?) -> Bool {
        if let threads { return threads > 1 }
        return processorCount > 1 && rows * parameterCount >= Self.parallelWork
    }

    /// See `usesTwoThreads`: 64 features → 400 hidden → latent 2 with batches of 128 has 7 million.
    public static let parallelWork = 5_000_000

    /// The sums over `rows` rows of the loss terms and the gradient of J = (1/batchRows)·Σ
    /// (reconstruction + β·KL) over these rows.
    func partGradient(
        _ x: [Float], rows: Int, batchRows: Int, noise: VAENoise, beta: Float, threads: Int?
    ) -> (reconstruction: Double, kl: Double, gradient: [[Float]]) {
        let pass = VAEForwardPass(model: self, x: x, rows: rows, noise: noise, gradientRows: batchRows, threads: threads)
        let gradient = backward(pass, input: x, noise: noise, beta: beta, batchRows: batchRows, threads: threads)
        return (pass.reconstruction.reduce(0, +), pass.kl.reduce(0, +), gradient)
    }

    /// Backpropagation from the pass's ∂J/∂output to every parameter.
    func backward(_ pass: VAEForwardPass, input x: [Float], noise: VAENoise, beta: Float, batchRows: Int, threads: Int?) -> [[Float]] {
        let rows = pass.rows
        var gradient = [[Float]](repeating: [], count: 2 * layers.count)
        func store(_ index: Int, _ parts: (weights: [Float], bias: [Float], input: [Float]?)) -> [Float]? {
            gradient[2 * index] = parts.weights
            gradient[2 * index + 1] = parts.bias
            return parts.input
        }
        // Decoder, from the output back to z.
        let decoderInputs = [pass.latent] + pass.decoderActivations
        var g = store(outputIndex, output.backward(
            input: decoderInputs[decoderInputs.count - 1], outputGradient: pass.outputGradient!, rows: rows,
            inputGradient: true, threads: threads))!
        for i in stride(from: hiddenCount - 1, through: 0, by: -1) {
            reluBackward(&g, output: pass.decoderActivations[i])
            g = store(hiddenCount + 2 + i, layers[hiddenCount + 2 + i].backward(
                input: decoderInputs[i], outputGradient: g, rows: rows, inputGradient: true, threads: threads))!
        }
        // The reparameterisation and the KL term, into the joint heads' gradient [∂μ | ∂logvar].
        let latent = architecture.latent
        let klScale = beta / Float(batchRows)
        var headGradient = [Float](repeating: 0, count: rows * 2 * latent)
        var epsilon: [Float]? = nil
        if case let .samples(values) = noise { epsilon = values }
        for r in 0..<rows {
            for d in 0..<latent {
                let i = r * latent + d, j = r * 2 * latent + d
                let v = pass.logVariance[i]
                headGradient[j] = g[i] + klScale * pass.mean[i]
                var logVarianceGradient = klScale * 0.5 * (expf(v) - 1)
                if let epsilon { logVarianceGradient += g[i] * epsilon[i] * 0.5 * expf(0.5 * v) }
                headGradient[j + latent] = logVarianceGradient
            }
        }
        // Heads, then the encoder.
        let last = pass.encoderActivations[hiddenCount - 1]
        let heads = pass.heads.backward(input: last, outputGradient: headGradient, rows: rows, inputGradient: true, threads: threads)
        (gradient[2 * meanIndex], gradient[2 * logVarianceIndex]) = splitColumns(heads.weights, rows: pass.heads.inputs, half: latent)
        (gradient[2 * meanIndex + 1], gradient[2 * logVarianceIndex + 1]) = splitColumns(heads.bias, rows: 1, half: latent)
        var h = heads.input!
        let encoderInputs = [x] + pass.encoderActivations
        for i in stride(from: hiddenCount - 1, through: 0, by: -1) {
            reluBackward(&h, output: pass.encoderActivations[i])
            if let next = store(i, layers[i].backward(input: encoderInputs[i], outputGradient: h, rows: rows, inputGradient: i > 0, threads: threads)) {
                h = next
            }
        }
        return gradient
    }
}
