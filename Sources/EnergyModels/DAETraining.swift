// A denoising auto-encoder's training run: corrupt, restore, Adam, seeded per epoch.
import SparseCoding
import TensorCore

/// Trains a `DenoisingAutoEncoder` on rows: each epoch the training rows in a fresh random
/// order, in minibatches of `batchSize` (the last one partial), each batch corrupted by
/// `options.corruption` and one Adam step taken on the mean error of restoring it to the
/// clean batch (`lossAndGradient`).
///
/// Randomness: the initial weights from `SeededGenerator(seed: seed)`; epoch e (1-based) uses
/// `SeededGenerator(seed: epochSeed(seed, e))` for its permutation and then its batches'
/// corruption in batch order; the held-out rows are corrupted once, from
/// `evaluationSeed(seed)`, and the same corrupted copies are restored every epoch. Same rows
/// and options, same bytes.
public struct DAETraining: Sendable {
    /// The network so far.
    public private(set) var model: DenoisingAutoEncoder
    /// The run's settings.
    public let options: Options
    /// Epochs completed.
    public private(set) var epochsCompleted = 0
    /// The number of training rows.
    public let trainingRows: Int
    /// The number of held-out rows (0: none).
    public let heldOutRows: Int
    private var optimizer: AdamOptimizer
    private let training: [Float]
    private let heldOut: [Float]
    private let heldOutCorrupted: [Float]

    /// A fresh run on training rows `[count, features]` and held-out rows `[heldOutCount,
    /// features]` (may be none), the network initialised from `options.seed`.
    /// - Throws: `DenoisingAutoEncoderError` for a bad architecture, option or corruption, no
    ///   training rows, or rows that `DAEArchitecture.validate(rows:count:)` rejects.
    public init(rows: [Float], count: Int, heldOut: [Float] = [], heldOutCount: Int = 0,
                architecture: DAEArchitecture, options: Options) throws {
        try options.validate()
        model = try DenoisingAutoEncoder(architecture: architecture, seed: options.seed)
        guard count >= 1 else { throw DenoisingAutoEncoderError.invalidRows("no training rows") }
        guard heldOutCount >= 0 else { throw DenoisingAutoEncoderError.invalidRows("a negative held-out row count") }
        try architecture.validate(rows: rows, count: count)
        try architecture.validate(rows: heldOut, count: heldOutCount)
        self.options = options
        training = rows
        trainingRows = count
        self.heldOut = heldOut
        heldOutRows = heldOutCount
        optimizer = AdamOptimizer(learningRate: options.learningRate)
        var generator = SeededGenerator(seed: Self.evaluationSeed(options.seed))
        heldOutCorrupted = options.corruption.apply(to: heldOut, generator: &generator)
    }

    /// The seed of epoch `epoch`'s generator (permutation, then corruption).
    public static func epochSeed(_ seed: UInt64, epoch: Int) -> UInt64 {
        SeededGenerator.epochSeed(seed, epoch: epoch)
    }

    /// The seed of the held-out rows' corruption (the same every epoch).
    public static func evaluationSeed(_ seed: UInt64) -> UInt64 {
        SeededGenerator.derivedSeed(seed, salt: 0x6465_6E6F_6973_6521)  // "denoise!"
    }

    /// Adam steps taken (one per batch).
    public var adamSteps: Int { optimizer.steps(slot: 0) }

    /// The held-out rows' mean energy and denoising error; nil without held-out rows.
    public func evaluateHeldOut() -> HeldOutErrors? {
        guard heldOutRows > 0 else { return nil }
        let n = Double(heldOutRows)
        let energy = model.energies(heldOut, rows: heldOutRows, threads: options.threads).reduce(0, +) / n
        let denoising = model.reconstructionErrors(of: heldOutCorrupted, against: heldOut, rows: heldOutRows,
                                                   threads: options.threads).reduce(0, +) / n
        return HeldOutErrors(energy: energy, denoising: denoising)
    }

    /// Runs `options.epochs` epochs, reporting after each; `seconds` is a monotonic clock.
    public mutating func run(seconds: () -> Double, report: (EpochReport) -> Void) {
        for _ in 0..<options.epochs { report(trainEpoch(seconds: seconds)) }
    }

    /// Runs one epoch (number `epochsCompleted + 1`) and evaluates the held-out rows.
    public mutating func trainEpoch(seconds: () -> Double) -> EpochReport {
        let started = seconds()
        let epoch = epochsCompleted + 1
        var generator = SeededGenerator(seed: Self.epochSeed(options.seed, epoch: epoch))
        var order = Array(0..<trainingRows)
        generator.shuffle(&order)
        let features = model.architecture.features
        var lossSum = 0.0
        var start = 0
        while start < trainingRows {
            let count = min(options.batchSize, trainingRows - start)
            let clean = gatherRows(training, features: features, indices: Array(order[start..<(start + count)]))
            let corrupted = options.corruption.apply(to: clean, generator: &generator)
            let (loss, gradient) = model.lossAndGradient(corrupted: corrupted, clean: clean, rows: count, threads: options.threads)
            lossSum += loss * Double(count)
            model.updateParameters { values, index in optimizer.step(&values, gradient: gradient[index], slot: index) }
            start += count
        }
        let trained = seconds() - started
        epochsCompleted = epoch
        return EpochReport(epoch: epoch, training: lossSum / Double(trainingRows), heldOut: evaluateHeldOut(), seconds: trained)
    }
}
