import SparseCoding

/// A trained convolutional sparse encoder (convolutional LISTA; K = 1 is the one-pass encoder of
/// Kavukcuoglu et al. 2010): predicts the CSC feature maps of an image in K shrinkages,
///
///     Z¹ = h_θ(Wₑ ⋆ Y),   Zᵗ⁺¹ = h_θ(Zᵗ + Wₑ ⋆ (Y − W_d * Zᵗ)),   output Z^K,
///
/// with Y `[C, H, W]`, the analysis filters Wₑ and the synthesis filters W_d `[M, C, S1, S2]`
/// (⋆ the circular correlation Σ_c Wₑ_{m,c} ⋆ Y_c, * the circular convolution of
/// `ConvolutionOperator`), and h_θ the soft threshold with one learned threshold θ_m ≥ 0 per
/// map. Started from Wₑ = D/L, W_d = D, θ = λ/L it is exactly K steps of ISTA on
/// ½‖Y − Σ D * Z‖² + λ‖Z‖₁ from zero. A diagonal gain after the last shrinkage (as in the
/// paper's g·tanh) is left out: for θ ≥ 0 and a gain g > 0, g·h_θ(x) = h_{gθ}(g x), so the
/// filters and thresholds already express it.
public struct ConvolutionalEncoder: Sendable, Equatable {
    /// Wₑ `[M, C, S1, S2]`, the filters the image and the residual are correlated with.
    public var analysis: [Float]
    /// W_d `[M, C, S1, S2]`, the filters the maps are convolved with to form the residual.
    public var synthesis: [Float]
    /// θ `[M]`, ≥ 0.
    public var thresholds: [Float]
    /// K, the shrinkages (≥ 1).
    public let depth: Int
    /// M, C, S1, S2.
    public let count: Int, channels: Int, height: Int, width: Int

    /// Values in one filter bank, M · C · S1 · S2.
    public var filterValues: Int { count * channels * height * width }

    /// The encoder that is K ISTA steps with step 1/`lipschitz` for the kernels D and λ.
    public init(kernels: ConvolutionKernels, lambda: Float, depth: Int, lipschitz: Float) {
        precondition(depth >= 1 && lipschitz > 0 && lambda >= 0, "ConvolutionalEncoder: depth \(depth), L \(lipschitz), lambda \(lambda)")
        (count, channels, height, width) = (kernels.count, kernels.channels, kernels.height, kernels.width)
        self.depth = depth
        analysis = kernels.values.map { $0 / lipschitz }
        synthesis = kernels.values
        thresholds = [Float](repeating: lambda / lipschitz, count: kernels.count)
    }

    /// The ISTA encoder with L the Lipschitz constant of the kernels on a 128 × 128 grid (or
    /// the kernels' size, if larger): the DFT samples the kernels' spectra finely enough there
    /// that a larger image adds no larger peak worth a step.
    public init(kernels: ConvolutionKernels, lambda: Float, depth: Int) throws(ConvolutionalCodingError) {
        let grid = try ConvolutionOperator(kernels: kernels, height: max(128, kernels.height), width: max(128, kernels.width), threads: 1)
        self.init(kernels: kernels, lambda: lambda, depth: depth, lipschitz: grid.lipschitz)
    }

    /// An encoder holding these values, checked: shapes that agree, finite values, θ ≥ 0.
    public init(analysis: [Float], synthesis: [Float], thresholds: [Float], depth: Int,
                count: Int, channels: Int, height: Int, width: Int) throws(ConvolutionalCodingError) {
        guard depth >= 1 else { throw ConvolutionalCodingError("the encoder's depth is \(depth); it must be at least 1") }
        guard count >= 1, channels >= 1, height >= 1, width >= 1 else {
            throw ConvolutionalCodingError("encoder filters of \(count)x\(channels)x\(height)x\(width): every size must be at least 1")
        }
        let n = count * channels * height * width
        guard analysis.count == n, synthesis.count == n, thresholds.count == count else {
            throw ConvolutionalCodingError("encoder shapes disagree: \(analysis.count) and \(synthesis.count) filter values for \(n), \(thresholds.count) thresholds for \(count) maps")
        }
        guard (analysis + synthesis + thresholds).allSatisfy(\.isFinite) else {
            throw ConvolutionalCodingError("the encoder holds NaN or infinity")
        }
        guard thresholds.allSatisfy({ $0 >= 0 }) else { throw ConvolutionalCodingError("the encoder has a negative threshold") }
        (self.analysis, self.synthesis, self.thresholds, self.depth) = (analysis, synthesis, thresholds, depth)
        (self.count, self.channels, self.height, self.width) = (count, channels, height, width)
    }

    /// The operators of Wₑ and W_d on `height × width` images.
    public func operators(height h: Int, width w: Int, threads: Int = processorCount) throws(ConvolutionalCodingError) -> EncoderOperators {
        let analysisKernels = try ConvolutionKernels(count: count, channels: channels, height: height, width: width, values: analysis)
        let synthesisKernels = try ConvolutionKernels(count: count, channels: channels, height: height, width: width, values: synthesis)
        return EncoderOperators(analysis: try ConvolutionOperator(kernels: analysisKernels, height: h, width: w, threads: threads),
                                synthesis: depth > 1 ? try ConvolutionOperator(kernels: synthesisKernels, height: h, width: w, threads: threads) : nil)
    }

    /// The maps Z^K `[M, H, W]` of `image` `[C, H, W]` (C the encoder's channels, H ≥ S1, W ≥ S2).
    public func encode(_ image: PlaneStack, threads: Int = processorCount) throws(ConvolutionalCodingError) -> PlaneStack {
        guard image.planes == channels else {
            throw ConvolutionalCodingError("the encoder takes \(channels)-channel images, not \(image.planes)-channel ones")
        }
        try image.requireFinite()
        return try forward(image, operators: operators(height: image.height, width: image.width, threads: threads), keep: false).output
    }

    /// The forward pass with `operators` (made for the image's size): the output, and with
    /// `keep` what the backward pass needs.
    func forward(_ image: PlaneStack, operators: EncoderOperators, keep: Bool) -> ForwardPass {
        let drive = operators.analysis.adjoint(image)
        var pass = ForwardPass(drive: drive, preactivations: [], residualImages: [], output: drive)
        shrinkInPlace(&pass.output)
        if keep { pass.preactivations.append(drive) }
        for _ in 1..<depth {
            let synthesised = operators.synthesis!.reconstruct(pass.output)
            var residual = image
            for k in residual.values.indices { residual.values[k] -= synthesised.values[k] }
            let correction = operators.analysis.adjoint(residual)
            var preactivation = pass.output
            for k in preactivation.values.indices { preactivation.values[k] += correction.values[k] }
            if keep {
                pass.preactivations.append(preactivation)
                pass.residualImages.append(synthesised)
            }
            pass.output = preactivation
            shrinkInPlace(&pass.output)
        }
        return pass
    }

    /// h_θ applied to every map, θ per map.
    func shrinkInPlace(_ maps: inout PlaneStack) {
        let plane = maps.planeSize
        for m in 0..<count {
            let t = thresholds[m]
            for k in (m * plane)..<((m + 1) * plane) {
                let v = maps.values[k]
                maps.values[k] = v - min(max(v, -t), t)
            }
        }
    }
}

/// The operators of an encoder's two filter banks on one image size.
public struct EncoderOperators: Sendable {
    /// Wₑ's operator: `adjoint` is Wₑ ⋆, `reconstruct` its transpose.
    public let analysis: ConvolutionOperator
    /// W_d's operator (nil at depth 1, which never uses it).
    public let synthesis: ConvolutionOperator?
}

/// What the forward pass keeps for the backward pass.
struct ForwardPass {
    /// Wₑ ⋆ Y.
    var drive: PlaneStack
    /// uᵗ, the maps before each shrinkage (t = 1 … K).
    var preactivations: [PlaneStack]
    /// W_d * Zᵗ⁻¹ for t = 2 … K.
    var residualImages: [PlaneStack]
    /// Z^K.
    var output: PlaneStack
}
