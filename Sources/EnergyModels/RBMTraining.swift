// An RBM training run: SGD on minibatches with CD-k or persistent CD, seeded per epoch.
import SparseCoding
import TensorCore

/// Trains a `BernoulliRBM` on rows in [0, 1] held in memory: each epoch the rows in batches of
/// `batchSize` (the last one partial; in a fresh seeded order, or their own order as
/// scikit-learn), one SGD step per batch, θ ← θ + learningRate · g, g the CD-k or
/// persistent-CD estimate of the mean log-likelihood's gradient on the batch (`RBMGradient`).
/// With `.persistent(particles: batchSize, steps: 1)` and unshuffled rows this is
/// scikit-learn's `BernoulliRBM.fit` step for step (with its own random numbers), but for a
/// partial last batch: scikit-learn divides both phases' sums by the batch's rows, which
/// weights its negative phase (summed over `batchSize` particles) up; here each phase is a mean.
///
/// Randomness: the initial weights from `SeededGenerator(seed: seed)` (`BernoulliRBM.init`);
/// epoch e (1-based) uses `SeededGenerator(seed: epochSeed(seed, e))` for its order and then
/// its Gibbs samples in batch order; the evaluations' flipped units are drawn once from
/// `evaluationSeed(seed)` (held-out rows first, then the training rows). Same seed, same bytes.
public struct RBMTraining: Sendable {
    /// The model so far.
    public private(set) var model: BernoulliRBM
    /// The run's settings.
    public let options: Options
    /// Epochs completed.
    public private(set) var epochsCompleted = 0
    /// The number of training rows.
    public let trainingRows: Int
    /// The number of held-out rows (0: none).
    public let heldOutRows: Int
    /// Persistent CD's particles; nil for CD-k.
    public private(set) var chains: PersistentChains?
    private let training: [Float]
    private let heldOut: [Float]
    private let trainingFlips: [Int]
    private let heldOutFlips: [Int]
    /// The allocation-free steps, one per batch size of an epoch (full, and the last partial
    /// one), when their products are small enough for one thread; else empty.
    private var fastSteps: [RBMTrainingStep] = []

    /// A fresh run of an RBM with `hidden` hidden units on training rows `[count, visible]` and
    /// held-out rows `[heldOutCount, visible]` (may be none), V taken from the rows, with binary
    /// or Gaussian visible units.
    /// - Throws: `EnergyModelError` for a bad option or size, no training rows, or rows that
    ///   `BernoulliRBM.validate(rows:count:)` rejects (outside [0, 1], not finite).
    public init(rows: [Float], count: Int, heldOut: [Float] = [], heldOutCount: Int = 0,
                hidden: Int, visibleUnits: VisibleUnits = .bernoulli, options: Options) throws {
        try options.validate()
        guard count >= 1 else { throw EnergyModelError.invalidRows("no training rows") }
        guard rows.count % count == 0, rows.count > 0 else {
            throw EnergyModelError.invalidRows("\(rows.count) values are not \(count) rows")
        }
        let model = try BernoulliRBM(visible: rows.count / count, hidden: hidden, visibleUnits: visibleUnits, seed: options.seed)
        try model.validate(rows: rows, count: count)
        try model.validate(rows: heldOut, count: heldOutCount)
        self.model = model
        self.options = options
        training = rows
        trainingRows = count
        self.heldOut = heldOut
        heldOutRows = heldOutCount
        if case let .persistent(particles, _) = options.method {
            chains = PersistentChains(count: particles, hidden: hidden)
        }
        var generator = SeededGenerator(seed: Self.evaluationSeed(options.seed))
        heldOutFlips = (0..<heldOutCount).map { _ in generator.below(model.visible) }
        trainingFlips = (0..<count).map { _ in generator.below(model.visible) }
        for rows in Set(Self.batchRanges(rows: count, batchSize: options.batchSize).map(\.count)).sorted() {
            let negativeRows: Int
            switch options.method {
            case .contrastiveDivergence: negativeRows = rows
            case let .persistent(particles, _): negativeRows = particles
            }
            // The allocation-free step draws binary visible units only.
            guard visibleUnits == .bernoulli,
                  RBMTrainingStep.handles(rows: rows, negativeRows: negativeRows, visible: model.visible, hidden: hidden,
                                          threads: options.threads) else {
                fastSteps = []
                break
            }
            fastSteps.append(RBMTrainingStep(rows: rows, negativeRows: negativeRows, visible: model.visible, hidden: hidden))
        }
    }

    /// The seed of epoch `epoch`'s generator (order, then Gibbs samples).
    public static func epochSeed(_ seed: UInt64, epoch: Int) -> UInt64 {
        SeededGenerator.epochSeed(seed, epoch: epoch)
    }

    /// The seed of the evaluations' flipped units (the same every epoch).
    public static func evaluationSeed(_ seed: UInt64) -> UInt64 {
        SeededGenerator.derivedSeed(seed, salt: 0x6576_616C_7561_7465)  // "evaluate"
    }

    /// The batches of an epoch over `rows` rows: contiguous ranges of the epoch's order of
    /// `batchSize` rows, the last one partial (scikit-learn's
    /// `gen_even_slices(n_batches · batch_size, n_batches, n_samples=rows)`).
    public static func batchRanges(rows: Int, batchSize: Int) -> [Range<Int>] {
        stride(from: 0, to: rows, by: batchSize).map { $0..<min($0 + batchSize, rows) }
    }

    /// Runs `options.epochs` epochs, reporting after each; `seconds` is a monotonic clock.
    public mutating func run(seconds: () -> Double, report: (EpochReport) -> Void) {
        for _ in 0..<options.epochs { report(trainEpoch(seconds: seconds)) }
    }

    /// Runs one epoch (number `epochsCompleted + 1`), then evaluates.
    public mutating func trainEpoch(seconds: () -> Double) -> EpochReport {
        let started = seconds()
        let epoch = epochsCompleted + 1
        var generator = SeededGenerator(seed: Self.epochSeed(options.seed, epoch: epoch))
        var order = Array(0..<trainingRows)
        if options.shufflesRows { generator.shuffle(&order) }
        let threads = options.threads
        for range in Self.batchRanges(rows: trainingRows, batchSize: options.batchSize) {
            if let step = fastSteps.firstIndex(where: { $0.layout.rows == range.count }) {
                switch options.method {
                case let .contrastiveDivergence(steps):
                    fastSteps[step].contrastiveDivergence(&model, data: training, indices: order[range], steps: steps,
                                                          learningRate: options.learningRate, generator: &generator)
                case let .persistent(_, steps):
                    fastSteps[step].persistent(&model, data: training, indices: order[range], chains: &chains!, steps: steps,
                                               learningRate: options.learningRate, generator: &generator)
                }
                continue
            }
            let batch = gatherRows(training, features: model.visible, indices: Array(order[range]))
            let gradient: RBMGradient
            switch options.method {
            case let .contrastiveDivergence(steps):
                gradient = model.contrastiveDivergenceGradient(batch, rows: range.count, steps: steps, generator: &generator, threads: threads)
            case let .persistent(_, steps):
                gradient = model.persistentGradient(batch, rows: range.count, chains: &chains!, steps: steps,
                                                    generator: &generator, threads: threads)
            }
            model.apply(gradient, learningRate: options.learningRate)
        }
        let trained = seconds() - started
        epochsCompleted = epoch
        let diverged = !(model.weights.allSatisfy(\.isFinite) && model.visibleBias.allSatisfy(\.isFinite)
                         && model.hiddenBias.allSatisfy(\.isFinite))
        return EpochReport(
            epoch: epoch,
            training: options.evaluatesTrainingRows ? evaluate(training, rows: trainingRows, flipping: trainingFlips) : nil,
            heldOut: heldOutRows > 0 ? evaluate(heldOut, rows: heldOutRows, flipping: heldOutFlips) : nil,
            seconds: trained, diverged: diverged)
    }

    /// The held-out means with the fixed flipped units; nil without held-out rows.
    public func evaluateHeldOut() -> Evaluation? {
        heldOutRows > 0 ? evaluate(heldOut, rows: heldOutRows, flipping: heldOutFlips) : nil
    }

    private func evaluate(_ rows: [Float], rows count: Int, flipping flips: [Int]) -> Evaluation {
        let errors = model.reconstructionError(rows, rows: count, threads: options.threads)
        let pseudo = model.visibleUnits == .bernoulli
            ? model.pseudoLogLikelihood(rows, rows: count, flipping: flips, threads: options.threads).reduce(0, +) / Double(count) : nil
        let free = model.freeEnergy(rows, rows: count, threads: options.threads).reduce(0) { $0 + Double($1) }
        return Evaluation(reconstructionError: errors.reduce(0, +) / Double(count), pseudoLogLikelihood: pseudo,
                          freeEnergy: free / Double(count))
    }
}
