import SparseCoding

/// Settings of an `OnlineKernelLearner`.
public struct KernelLearnerOptions: Sendable, Equatable {
    /// λ of the coding energy the kernels are learned for.
    public var lambda: Float = 0.05
    /// Iterations of the coding step per image (FISTA, warm-started from zero).
    public var encodeIterations = 50
    /// Projected-gradient iterations of the kernel step per image.
    public var kernelIterations = 30
    /// ρ of the forgetting factor (1 − 1/t)^ρ applied to the accumulated statistics before
    /// adding image t's: larger forgets the codes of early (poorer) kernels faster.
    public var forgetting: Double = 4
    /// Keep every kernel channel at zero mean (as SPORCO's `ZeroMean`): the images are
    /// high-passed, so a kernel's mean is not determined by them and would drift.
    public var zeroMean = true
    /// Threads the transforms and products are split over.
    public var threads = processorCount

    public init(lambda: Float = 0.05, encodeIterations: Int = 50, kernelIterations: Int = 30,
                forgetting: Double = 4, zeroMean: Bool = true, threads: Int = processorCount) {
        self.lambda = lambda
        self.encodeIterations = encodeIterations
        self.kernelIterations = kernelIterations
        self.forgetting = forgetting
        self.zeroMean = zeroMean
        self.threads = threads
    }

    /// Fails naming the first setting out of range.
    public func validate() throws(ConvolutionalCodingError) {
        guard lambda.isFinite, lambda > 0 else { throw ConvolutionalCodingError("lambda is \(lambda); learning needs a number > 0") }
        guard encodeIterations >= 1, kernelIterations >= 1 else {
            throw ConvolutionalCodingError("iterations must be at least 1 (coding \(encodeIterations), kernels \(kernelIterations))")
        }
        guard forgetting.isFinite, forgetting >= 0 else { throw ConvolutionalCodingError("the forgetting exponent is \(forgetting); it must be ≥ 0") }
        guard threads >= 1 else { throw ConvolutionalCodingError("threads is \(threads); it must be at least 1") }
    }
}

/// What one learning step did.
public struct KernelLearningStep: Sendable {
    /// The coding energy of the image with the kernels before the step, per pixel (and channel).
    public var energyPerPixel: Double
    /// Non-zero coefficients of the image's maps, as a fraction of all.
    public var density: Double
    /// Images learned from so far, this one included.
    public var imagesSeen: Int
}

/// Everything an `OnlineKernelLearner` needs to resume: the kernels (inside the unit ball while
/// learning) and the accumulated statistics of the codes, kernel-support sized (not image sized):
/// A = Σ_t β Zᵀ_t Z_t restricted to the kernels' supports, `[M·S1·S2, M·S1·S2]`, and
/// B = Σ_t β Zᵀ_t Y_t, `[M·S1·S2, C]`.
public struct KernelLearnerState: Sendable, Equatable {
    public var kernels: ConvolutionKernels
    /// A, row-major, `(M·S1·S2)²` values.
    public var gram: [Float]
    /// B, row-major `[M·S1·S2, C]`.
    public var correlation: [Float]
    /// Images learned from so far.
    public var imagesSeen: Int

    /// A state, checked: the statistics' sizes must match the kernels.
    public init(kernels: ConvolutionKernels, gram: [Float], correlation: [Float], imagesSeen: Int) throws(ConvolutionalCodingError) {
        let n = kernels.count * kernels.height * kernels.width
        guard gram.count == n * n, correlation.count == n * kernels.channels, imagesSeen >= 0 else {
            throw ConvolutionalCodingError("learner state of the wrong size for \(kernels.count) kernels of \(kernels.channels)x\(kernels.height)x\(kernels.width) (statistics \(gram.count) and \(correlation.count) values, \(imagesSeen) images)")
        }
        guard !gram.contains(where: { !$0.isFinite }), !correlation.contains(where: { !$0.isFinite }) else {
            throw ConvolutionalCodingError("learner state holds NaN or infinity")
        }
        self.kernels = kernels
        self.gram = gram
        self.correlation = correlation
        self.imagesSeen = imagesSeen
    }

    /// The state before any image: `kernels` and empty statistics.
    public init(kernels: ConvolutionKernels) {
        let n = kernels.count * kernels.height * kernels.width
        self.kernels = kernels
        gram = [Float](repeating: 0, count: n * n)
        correlation = [Float](repeating: 0, count: n * kernels.channels)
        imagesSeen = 0
    }
}
