#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    /// One step on `image` `[C, H, W]` (C = the kernels' channels, at least the kernels' size):
    /// code it with the current kernels, add its statistics, update the kernels.
    public func learn(_ image: PlaneStack) throws(ConvolutionalCodingError) -> KernelLearningStep {
        let encoder = try CSCEncoder(kernels: state.kernels, options: CSCEncoderOptions(
            lambda: options.lambda, maxIterations: options.encodeIterations, tolerance: 1e-3, threads: options.threads))
        let coded = try encoder.encode(image)
        let op = try encoder.convolutionOperator(height: image.height, width: image.width)
        let (gram, correlation) = KernelStatistics.compute(maps: coded.maps, image: image, operator: op)
        // Forget the statistics of the codes made with earlier (poorer) kernels: weight (1 − 1/t)^ρ.
        let t = Double(state.imagesSeen + 1)
        let keep = Float(pow(1 - 1 / t, options.forgetting))
        for k in state.gram.indices { state.gram[k] = keep * state.gram[k] + gram[k] }
        for k in state.correlation.indices { state.correlation[k] = keep * state.correlation[k] + correlation[k] }
        state.imagesSeen += 1
        state.kernels = try KernelStatistics.minimiseSurrogate(gram: state.gram, correlation: state.correlation,
                                                               start: state.kernels, iterations: options.kernelIterations,
                                                               zeroMean: options.zeroMean,
                                                               threads: options.threads)
        return KernelLearningStep(energyPerPixel: coded.energy.total / Double(image.values.count),
                                  density: Double(coded.nonZeros) / Double(coded.maps.values.count),
                                  imagesSeen: state.imagesSeen)
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
