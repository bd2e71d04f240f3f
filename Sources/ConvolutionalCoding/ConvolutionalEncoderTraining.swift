import SparseCoding
import TensorCore

#if canImport(Glibc)
import Glibc
#endif

/// A whole training run of a `ConvolutionalEncoder`, as `csc-ae-train` makes it: the images cut
/// into `crop × crop` crops, some crops held out, the exact CSC maps of every crop (a
/// `CSCEncoder` run to convergence) as targets, then `epochs` passes of Adam steps on minibatches
/// of crops with the step decayed to 0 along a half cosine, a report after every epoch.
///
/// As `lista-train`'s: each tensor's step is the learning rate times its initial RMS, divided by
/// the depth. Seeds: from `seed` s, the crops are cut and shuffled with s+1 and the minibatches
/// drawn with s+3. Same images and settings, same bytes.
public struct ConvolutionalEncoderTraining: Sendable {
    /// Settings of a run.
    public struct Options: Sendable {
        public var depth: Int
        public var epochs: Int
        /// Adam's step relative to each tensor's initial RMS (then divided by the depth).
        public var learningRate: Double
        /// Crops per Adam step.
        public var batchSize: Int
        /// Crops kept out of training to measure the code error on.
        public var holdout: Int
        /// The side of the square crops.
        public var crop: Int
        public var seed: UInt64
        /// The solver that makes the target maps (run to its tolerance).
        public var solver: CSCEncoderOptions

        public init(depth: Int, epochs: Int = 20, learningRate: Double = 0.3, batchSize: Int = 4, holdout: Int = 0, crop: Int = 64,
                    seed: UInt64 = 0, solver: CSCEncoderOptions) {
            (self.depth, self.epochs, self.learningRate, self.batchSize) = (depth, epochs, learningRate, batchSize)
            (self.holdout, self.crop, self.seed, self.solver) = (holdout, crop, seed, solver)
        }
    }

    /// Progress after an epoch.
    public struct EpochReport: Sendable {
        public let epoch: Int
        public let cropsPerSecond: Double
        /// The mean loss of the epoch's minibatches, before each step.
        public let trainingLoss: Double
        /// The held-out code error after the epoch; nil without held-out crops.
        public let heldOutError: Double?
    }

    public private(set) var encoder: ConvolutionalEncoder
    public let options: Options
    public let trainingCrops: Int
    /// The held-out code error of the untrained encoder (K ISTA steps); nil without held-out crops.
    public private(set) var untrainedError: Double? = nil
    /// The mean training loss of the last epoch.
    public private(set) var trainingLoss = 0.0
    /// Solver iterations spent on the targets, in all.
    public let targetIterations: Int
    /// Target crops whose solver stopped at its iteration limit.
    public let unconvergedTargets: Int
    private var optimizer: AdamOptimizer
    private var sampler: MinibatchSampler
    private let stepScales: [Float]
    private let training: [PlaneStack], trainingTargets: [PlaneStack]
    private let heldOut: [PlaneStack], heldOutTargets: [PlaneStack]

    /// Cuts the crops and solves for their targets (the long part before the first epoch).
    /// - Throws: `ConvolutionalCodingError` for images that do not fit the kernels or the crop,
    ///   a holdout that leaves nothing to train on, options out of range.
    public init(images: [PlaneStack], kernels: ConvolutionKernels, options: Options) throws(ConvolutionalCodingError) {
        guard options.depth >= 1, options.epochs >= 1, options.batchSize >= 1, options.learningRate > 0, options.holdout >= 0 else {
            throw ConvolutionalCodingError("depth, epochs and batch size must be at least 1, the learning rate > 0 and the holdout ≥ 0")
        }
        guard !images.isEmpty else { throw ConvolutionalCodingError("no images to train on") }
        guard options.crop >= max(kernels.height, kernels.width) else {
            throw ConvolutionalCodingError("crops of \(options.crop) are smaller than the \(kernels.height)x\(kernels.width) kernels; use a larger crop")
        }
        var generator = SeededGenerator(seed: options.seed &+ 1)
        var crops: [PlaneStack] = []
        for image in images {
            guard image.planes == kernels.channels else {
                throw ConvolutionalCodingError("the kernels have \(kernels.channels) channel\(kernels.channels == 1 ? "" : "s") but an image has \(image.planes)")
            }
            guard image.height >= options.crop, image.width >= options.crop else {
                throw ConvolutionalCodingError("an image of \(image.height)x\(image.width) is smaller than the \(options.crop)x\(options.crop) crops; use a smaller crop")
            }
            try image.requireFinite()
            crops += image.shuffledCrops(size: options.crop, generator: &generator)
        }
        generator.shuffle(&crops)
        guard options.holdout < crops.count else {
            throw ConvolutionalCodingError("\(options.holdout) held-out crops leave none to train on out of \(crops.count); hold out fewer")
        }
        let solver = try CSCEncoder(kernels: kernels, options: options.solver)
        var targets: [PlaneStack] = []
        var (iterations, unconverged) = (0, 0)
        for crop in crops {
            let result = try solver.encode(crop)
            targets.append(result.maps)
            iterations += result.iterations
            if result.stopReason == .maxIterations { unconverged += 1 }
        }
        (targetIterations, unconvergedTargets) = (iterations, unconverged)
        heldOut = Array(crops[..<options.holdout])
        heldOutTargets = Array(targets[..<options.holdout])
        training = Array(crops[options.holdout...])
        trainingTargets = Array(targets[options.holdout...])
        trainingCrops = training.count
        encoder = try ConvolutionalEncoder(kernels: kernels, lambda: options.solver.lambda, depth: options.depth)
        self.options = options
        optimizer = AdamOptimizer(learningRate: Float(options.learningRate))
        sampler = MinibatchSampler(rows: training.count, batchSize: min(options.batchSize, training.count), seed: options.seed &+ 3)
        func rms(_ values: [Float]) -> Float {
            let mean = values.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(values.count, 1))
            return mean > 0 ? Float(mean.squareRoot()) : 1
        }
        let depth = Float(options.depth)
        stepScales = [rms(encoder.analysis) / depth, rms(encoder.synthesis) / depth, rms(encoder.thresholds) / depth]
        untrainedError = try heldOutError()
    }

    /// The held-out code error of the encoder so far (mean over crops and pixels of ½‖Z − Z*‖²
    /// summed over the maps); nil without held-out crops.
    public func heldOutError() throws(ConvolutionalCodingError) -> Double? {
        guard let first = heldOut.first else { return nil }
        let operators = try encoder.operators(height: first.height, width: first.width)
        var sum = 0.0
        for (crop, target) in zip(heldOut, heldOutTargets) {
            let maps = encoder.forward(crop, operators: operators, keep: false).output
            sum += halfSquaredDistance(maps, target)
        }
        return sum / Double(heldOut.count * first.planeSize)
    }

    /// Trains for every epoch; `seconds` is a monotonic clock for the rate in the reports.
    /// - Throws: when the encoder's values stop being finite (a learning rate too large).
    public mutating func run(seconds: () -> Double, report: (EpochReport) -> Void) throws(ConvolutionalCodingError) {
        let stepsPerEpoch = max(1, training.count / sampler.batchSize)
        let started = seconds()
        let (h, w) = (training[0].height, training[0].width)
        for epoch in 1...options.epochs {
            var lossSum = 0.0
            for step in 0..<stepsPerEpoch {
                let progress = Double((epoch - 1) * stepsPerEpoch + step) / Double(options.epochs * stepsPerEpoch)
                let rate = Float(options.learningRate * 0.5 * (1 + cos(Double.pi * progress)))
                let indices = sampler.next()
                let operators: EncoderOperators
                do { operators = try encoder.operators(height: h, width: w) } catch {
                    throw ConvolutionalCodingError("training diverged at epoch \(epoch) (the encoder's filters are no longer finite); use a smaller --lr")
                }
                let (loss, gradient) = encoder.lossAndGradient(indices.map { training[$0] }, targets: indices.map { trainingTargets[$0] },
                                                               operators: operators)
                lossSum += loss
                optimizer.learningRate = max(rate * stepScales[0], .leastNormalMagnitude)
                optimizer.step(&encoder.analysis, gradient: gradient.analysis, slot: 0)
                optimizer.learningRate = max(rate * stepScales[1], .leastNormalMagnitude)
                optimizer.step(&encoder.synthesis, gradient: gradient.synthesis, slot: 1)
                optimizer.learningRate = max(rate * stepScales[2], .leastNormalMagnitude)
                optimizer.step(&encoder.thresholds, gradient: gradient.thresholds, slot: 2)
                for m in encoder.thresholds.indices where !(encoder.thresholds[m] >= 0) { encoder.thresholds[m] = 0 }
            }
            trainingLoss = lossSum / Double(stepsPerEpoch)
            guard trainingLoss.isFinite else {
                throw ConvolutionalCodingError("training diverged at epoch \(epoch) (the loss is not finite); use a smaller --lr")
            }
            let error = try heldOutError()
            report(EpochReport(epoch: epoch, cropsPerSecond: Double(sampler.dealt) / max(seconds() - started, 1e-9),
                               trainingLoss: trainingLoss, heldOutError: error))
        }
    }
}

/// ½‖a − b‖² over every value.
func halfSquaredDistance(_ a: PlaneStack, _ b: PlaneStack) -> Double {
    var sum = 0.0
    for (x, y) in zip(a.values, b.values) { sum += Double(x - y) * Double(x - y) }
    return sum / 2
}
