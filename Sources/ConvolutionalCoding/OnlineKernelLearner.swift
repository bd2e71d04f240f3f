import SparseCoding

/// Online convolutional dictionary learning, one image at a time, memory bounded by one image's
/// maps and the kernel-support-sized statistics (never every image's maps): for each image, code
/// it with the current kernels, add its statistics A_t = Zᵀ Z and B_t = Zᵀ Y restricted to the
/// kernels' supports (computed through the DFT) to the running sums, weighted by a forgetting
/// factor, then minimise the surrogate ½ tr(Dᵀ A D) − tr(Dᵀ B) over kernels in the unit ball
/// by projected gradient with momentum (Mairal et al. 2010's online scheme, in the convolutional
/// form of Liu et al. 2018's surrogate-splitting learner, computed in space on the support).
/// Deterministic: the same kernels and images in the same order give the same bytes.
public final class OnlineKernelLearner {
    public let options: KernelLearnerOptions
    /// Everything needed to resume.
    public private(set) var state: KernelLearnerState

    /// A learner starting from `kernels` (which it normalises).
    public convenience init(kernels: ConvolutionKernels, options: KernelLearnerOptions = KernelLearnerOptions()) throws(ConvolutionalCodingError) {
        try self.init(state: KernelLearnerState(kernels: try kernels.normalized()), options: options)
    }

    /// A learner resuming from `state`.
    public init(state: KernelLearnerState, options: KernelLearnerOptions = KernelLearnerOptions()) throws(ConvolutionalCodingError) {
        try options.validate()
        self.state = state
        self.options = options
    }

    /// The kernels learned so far, each scaled to unit norm (a kernel the data left at zero is
    /// left as it is).
    public var kernels: ConvolutionKernels {
        (try? state.kernels.normalized()) ?? state.kernels
    }

    /// One step on `image` `[C, H, W]` (C = the kernels' channels, at least the kernels' size).
    public func learn(_ image: PlaneStack) throws(ConvolutionalCodingError) -> KernelLearningStep {
        throw ConvolutionalCodingError("online kernel learning is being written")
    }

    /// The mean coding energy per pixel (and channel) of `images` with the current kernels, coded
    /// with fixed settings (`options.lambda`, `iterations` FISTA iterations from zero): the
    /// held-out objective.
    public func heldOutObjective(_ images: [PlaneStack], iterations: Int = 100) throws(ConvolutionalCodingError) -> Double {
        guard !images.isEmpty else { throw ConvolutionalCodingError("no held-out images") }
        let encoder = try CSCEncoder(kernels: kernels, options: CSCEncoderOptions(
            lambda: options.lambda, maxIterations: iterations, tolerance: 1e-4, threads: options.threads))
        var total: Double = 0, pixels = 0
        for image in images {
            total += try encoder.encode(image).energy.total
            pixels += image.values.count
        }
        return total / Double(pixels)
    }
}
