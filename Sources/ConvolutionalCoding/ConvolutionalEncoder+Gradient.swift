/// The derivative of a loss in every parameter of a `ConvolutionalEncoder`, shaped like them.
public struct ConvolutionalEncoderGradient: Sendable, Equatable {
    /// ∂/∂Wₑ `[M, C, S1, S2]`.
    public var analysis: [Float]
    /// ∂/∂W_d `[M, C, S1, S2]`.
    public var synthesis: [Float]
    /// ∂/∂θ `[M]`.
    public var thresholds: [Float]

    /// Zeros for `encoder`'s shapes.
    public init(zeroFor encoder: ConvolutionalEncoder) {
        analysis = [Float](repeating: 0, count: encoder.filterValues)
        synthesis = analysis
        thresholds = [Float](repeating: 0, count: encoder.count)
    }
}

extension ConvolutionalEncoder {
    /// The code loss of `images` against `targets` and its gradient, by backpropagation through
    /// the K shrinkages (written by hand):
    ///
    ///     loss = 1/(N·H·W) · Σ_images ½‖Z^K(Y) − Z*‖²,
    ///
    /// the mean over the N images and their pixels of half the squared error summed over the
    /// maps. Every image `[C, H, W]` and target `[M, H, W]` has the size `operators` were made for.
    ///
    /// With uᵗ the maps before the t-th shrinkage and gᵗ = ∂loss/∂uᵗ = ∂loss/∂Zᵗ ⊙ [|uᵗ| > θ]:
    /// ∂/∂θ_m = −Σ_t Σ ∂loss/∂Zᵗ_m sign(uᵗ_m) [|uᵗ_m| > θ_m]; ∂loss/∂Zᵗ⁻¹ = gᵗ − W_dᵀ(Wₑ * gᵗ);
    /// Wₑ collects the lag correlations of (Σ_t gᵗ) with Y and of −gᵗ with W_d * Zᵗ⁻¹, W_d those
    /// of −Zᵗ⁻¹ with Wₑ * gᵗ.
    public func lossAndGradient(_ images: [PlaneStack], targets: [PlaneStack], operators: EncoderOperators) -> (loss: Double, gradient: ConvolutionalEncoderGradient) {
        precondition(images.count == targets.count && !images.isEmpty, "lossAndGradient: \(images.count) images, \(targets.count) targets")
        var gradient = ConvolutionalEncoderGradient(zeroFor: self)
        var loss = 0.0
        let pixels = images[0].planeSize
        let scale = 1 / Float(images.count * pixels)
        for (image, target) in zip(images, targets) {
            precondition(image.planeSize == pixels && target.planes == count && target.planeSize == pixels, "lossAndGradient: sizes differ")
            let pass = forward(image, operators: operators, keep: true)
            var outputGradient = pass.output
            for k in outputGradient.values.indices {
                let difference = pass.output.values[k] - target.values[k]
                loss += 0.5 * Double(difference) * Double(difference)
                outputGradient.values[k] = difference * scale
            }
            var driveGradient = PlaneStack(planes: count, height: image.height, width: image.width)
            var output = outputGradient
            for t in stride(from: depth, through: 1, by: -1) {
                let preactivation = pass.preactivations[t - 1]
                let preGradient = shrinkageBackward(output, preactivation: preactivation, thresholds: &gradient.thresholds)
                for k in driveGradient.values.indices { driveGradient.values[k] += preGradient.values[k] }
                guard t >= 2 else { break }
                let previous = shrunk(pass.preactivations[t - 2])
                let spread = operators.analysis.reconstruct(preGradient)
                accumulateLagCorrelation(preGradient, pass.residualImages[t - 2], kernelHeight: height, kernelWidth: width,
                                         scale: -1, into: &gradient.analysis)
                accumulateLagCorrelation(previous, spread, kernelHeight: height, kernelWidth: width, scale: -1, into: &gradient.synthesis)
                let back = operators.synthesis!.adjoint(spread)
                output = preGradient
                for k in output.values.indices { output.values[k] -= back.values[k] }
            }
            accumulateLagCorrelation(driveGradient, image, kernelHeight: height, kernelWidth: width, scale: 1, into: &gradient.analysis)
        }
        return (loss / Double(images.count * pixels), gradient)
    }

    /// ∂loss/∂u from ∂loss/∂Z through Z = h_θ(u); adds ∂loss/∂θ to `thresholds`.
    private func shrinkageBackward(_ outputGradient: PlaneStack, preactivation: PlaneStack, thresholds gradient: inout [Float]) -> PlaneStack {
        var result = outputGradient
        let plane = result.planeSize
        for m in 0..<count {
            let t = thresholds[m]
            var sum: Double = 0
            for k in (m * plane)..<((m + 1) * plane) {
                let u = preactivation.values[k]
                if u > t {
                    sum -= Double(outputGradient.values[k])
                } else if u < -t {
                    sum += Double(outputGradient.values[k])
                } else {
                    result.values[k] = 0
                }
            }
            gradient[m] += Float(sum)
        }
        return result
    }

    /// h_θ(maps).
    private func shrunk(_ maps: PlaneStack) -> PlaneStack {
        var out = maps
        shrinkInPlace(&out)
        return out
    }
}
