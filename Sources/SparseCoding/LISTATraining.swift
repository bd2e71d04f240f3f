#if canImport(Glibc)
import Glibc
#endif

/// A whole LISTA training run over rows held in memory, as `lista-train` makes it: the exact
/// lasso codes (LARS) of every row as targets, rows held out to measure the code error, then
/// `epochs` passes of `LISTATrainer` steps with the step size decayed to 0 along a half
/// cosine, a report after every epoch.
///
/// Seeds: from `seed` s, the held-out rows are drawn with s+1, the trainer's with s+2 and the
/// minibatches with s+3. Same rows and settings, same bytes.
public struct LISTATraining: Sendable {
    /// Progress after an epoch.
    public struct EpochReport: Sendable {
        public let epoch: Int
        public let rowsPerSecond: Double
        /// The mean loss ½‖z(K) − z*‖² of the epoch's minibatches, before each step.
        public let trainingLoss: Double
        /// The held-out rows' code error after the epoch; nil without held-out rows.
        public let heldOutError: Double?
    }

    public private(set) var trainer: LISTATrainer
    public private(set) var sampler: MinibatchSampler
    public let epochs: Int
    public let learningRate: Double
    public let holdout: Int
    public let trainingRows: Int
    /// Bytes of rows and target codes held.
    public let heldBytes: Int
    /// The held-out code error of the untrained encoder (`depth` ISTA steps); nil without
    /// held-out rows.
    public let untrainedError: Double?
    /// The mean training loss of the last epoch.
    public private(set) var trainingLoss = 0.0
    private let features: Int
    private let atoms: Int
    private let training: [Float], trainingTargets: [Float]
    private let heldOut: [Float], heldOutTargets: [Float]

    /// - Parameters:
    ///   - values: the rows `[rows, features]`.
    ///   - dictionary: D `[atoms, features]`, whose lasso codes for `lambda` are the targets.
    /// - Throws: `SparseCodingError.invalidOption` when the holdout leaves no training rows.
    public init(values: [Float], rows: Int, dictionary: [Float], atoms: Int, features: Int, lambda: Float, depth: Int,
                positive: Bool, epochs: Int, learningRate: Double, batchSize: Int, holdout: Int, seed: UInt64) throws {
        (training, trainingRows, heldOut) = try splitHeldOutRows(values, rows: rows, features: features, holdout: holdout, seed: seed &+ 1)
        let lasso = LassoEncoder(dictionary: dictionary, atoms: atoms, features: features, stepSolvers: false)
        let exact = LassoEncoder.Options(lambda: lambda, algorithm: .lars, positive: positive)
        trainingTargets = lasso.encode(training, rows: trainingRows, options: exact).codes
        heldOutTargets = lasso.encode(heldOut, rows: holdout, options: exact).codes
        heldBytes = (training.count + heldOut.count + trainingTargets.count + heldOutTargets.count) * MemoryLayout<Float>.size
        let initial = LISTAEncoder(dictionary: dictionary, atoms: atoms, features: features, lambda: lambda, depth: depth, positive: positive)
        trainer = LISTATrainer(encoder: initial, learningRate: Float(learningRate), seed: seed &+ 2)
        sampler = MinibatchSampler(rows: trainingRows, batchSize: min(batchSize, trainingRows), seed: seed &+ 3)
        self.features = features
        self.atoms = atoms
        self.epochs = epochs
        self.learningRate = learningRate
        self.holdout = holdout
        untrainedError = holdout > 0 ? Self.codeLoss(initial.encode(heldOut, rows: holdout), heldOutTargets, rows: holdout) : nil
    }

    /// The trained encoder (so far).
    public var encoder: LISTAEncoder { trainer.encoder }

    /// The held-out code error of the encoder so far; nil without held-out rows.
    public var heldOutError: Double? {
        holdout > 0 ? Self.codeLoss(trainer.encoder.encode(heldOut, rows: holdout), heldOutTargets, rows: holdout) : nil
    }

    /// Mean over rows of ½‖z − z*‖² (the training loss) for codes `[rows, atoms]`.
    public static func codeLoss(_ codes: [Float], _ targets: [Float], rows: Int) -> Double {
        var sum = 0.0
        for (z, t) in zip(codes, targets) { sum += Double(z - t) * Double(z - t) }
        return rows > 0 ? 0.5 * sum / Double(rows) : 0
    }

    /// Trains for every epoch; `seconds` is a monotonic clock for the rate in the reports.
    public mutating func run(seconds: () -> Double, report: (EpochReport) -> Void) {
        let stepsPerEpoch = max(1, trainingRows / sampler.batchSize)
        let started = seconds()
        for epoch in 1...epochs {
            var lossSum = 0.0
            for step in 0..<stepsPerEpoch {
                let progress = Double((epoch - 1) * stepsPerEpoch + step) / Double(epochs * stepsPerEpoch)
                trainer.learningRate = Float(learningRate * 0.5 * (1 + cos(Double.pi * progress)))
                let indices = sampler.next()
                let batch = gatherRows(training, features: features, indices: indices)
                let targets = gatherRows(trainingTargets, features: atoms, indices: indices)
                lossSum += trainer.step(batch, targets: targets, rows: indices.count)
            }
            trainingLoss = lossSum / Double(stepsPerEpoch)
            let error = heldOutError
            report(EpochReport(epoch: epoch, rowsPerSecond: Double(sampler.dealt) / (seconds() - started), trainingLoss: trainingLoss, heldOutError: error))
        }
    }
}
