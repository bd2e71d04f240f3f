// The denoising loss of a batch and its gradient by hand-written backpropagation.
//
// Forward (B rows; x̃ corrupted, x clean):  a = x̃·W + b,  h = act(a),  o = h·W′ + c,
//     J = (1/B)·Σ_rows error(o, x)        (o the reconstruction, or its logits)
// Backward:  G = ∂J/∂o = 2(o − x)/B (squared error) or (σ(o) − x)/B (cross-entropy)
//     ∂J/∂W′ = hᵀ·G,  ∂J/∂c = Σ_rows G,  ∂J/∂h = G·W′ᵀ
//     ∂J/∂a = ∂J/∂h ⊙ h(1 − h) (sigmoid) or ⊙ [h > 0] (ReLU)
//     ∂J/∂W = x̃ᵀ·∂J/∂a,  ∂J/∂b = Σ_rows ∂J/∂a;  tied (W′ = Wᵀ): ∂J/∂W += (∂J/∂W′)ᵀ
import NeuralNetworks

extension DenoisingAutoEncoder {
    /// The batch loss J = (1/rows)·Σ_rows error(r(x̃), x) of restoring `corrupted` rows x̃ to
    /// the `clean` rows x (both `[rows, features]`) and ∂J/∂θ in parameter order (each tensor
    /// shaped like its parameter; with tied weights the two uses of W summed).
    /// - Precondition: rows ≥ 1, both `[rows, features]`.
    public func lossAndGradient(
        corrupted: [Float], clean: [Float], rows: Int, threads: Int? = nil
    ) -> (loss: Double, gradient: [[Float]]) {
        let features = architecture.features, hidden = architecture.hidden
        precondition(rows >= 1 && corrupted.count == rows * features && clean.count == rows * features,
                     "DenoisingAutoEncoder.lossAndGradient: \(corrupted.count) and \(clean.count) values are not \(rows)×\(features)")
        let h = encode(corrupted, rows: rows, threads: threads)
        let decoder = decoder
        let output = decoder.forward(h, rows: rows, threads: threads)
        let (errors, outputGradient) = reconstructionTerms(output: output, target: clean, rows: rows, gradientScale: 1 / Float(rows))
        let decoderParts = decoder.backward(input: h, outputGradient: outputGradient!, rows: rows, inputGradient: true, threads: threads)
        var codeGradient = decoderParts.input!
        switch architecture.activation {
        case .relu:
            reluBackward(&codeGradient, output: h)
        case .sigmoid:
            for i in codeGradient.indices { codeGradient[i] *= h[i] * (1 - h[i]) }
        }
        let encoderParts = encoder.backward(input: corrupted, outputGradient: codeGradient, rows: rows, inputGradient: false, threads: threads)
        var gradient: [[Float]]
        if architecture.tied {
            let tie = transposed(decoderParts.weights, rows: hidden, columns: features)
            gradient = [elementwiseSum(encoderParts.weights, tie), encoderParts.bias]
        } else {
            gradient = [encoderParts.weights, encoderParts.bias, decoderParts.weights]
        }
        gradient.append(decoderParts.bias)
        return (errors.reduce(0, +) / Double(rows), gradient)
    }
}
