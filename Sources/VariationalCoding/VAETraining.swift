// A VAE training run: Adam on minibatches, seeded per epoch so that it resumes bit-exactly.
import NeuralNetworks
import SparseCoding
import TensorCore

/// Trains a `VariationalAutoEncoder` on rows held in memory, as `vae-train` does: each epoch a
/// fresh seeded permutation of the training rows in minibatches of `batchSize` (the last one
/// partial, as PyTorch's DataLoader with drop_last=False), one ε ~ N(0, I) per row and batch,
/// one Adam step per batch on the mean over the batch of reconstruction + β·KL.
///
/// Randomness: the initial weights come from `SeededGenerator(seed: seed)`; epoch e (1-based)
/// uses `SeededGenerator(seed: epochSeed(seed, e))` for its permutation and then its ε in
/// batch order, so E epochs in one run give the same bytes as E₁ then a resumed E₂; the
/// held-out rows are evaluated each epoch with one fixed ε per row, drawn once from
/// `evaluationSeed(seed)`.
public struct VAETraining: Sendable {
    /// The model so far.
    public private(set) var model: VariationalAutoEncoder
    public let options: Options
    /// Epochs completed, including those of the run being resumed.
    public private(set) var epochsCompleted: Int
    /// The number of training and held-out rows.
    public let trainingRows: Int
    public let heldOutRows: Int
    private var optimizer: AdamOptimizer
    private let training: [Float]
    private let heldOut: [Float]
    private let heldOutNoise: VAENoise

    /// A fresh run on training rows `[count, features]` and held-out rows `[heldOutCount,
    /// features]` (may be none), the model initialised from `options.seed`.
    /// - Throws: `VariationalCodingError` for a bad architecture or option, no training rows,
    ///   or rows that `VAEArchitecture.validate(rows:count:)` rejects.
    public init(rows: [Float], count: Int, heldOut: [Float] = [], heldOutCount: Int = 0,
                architecture: VAEArchitecture, options: Options) throws {
        try options.validate()
        let model = try VariationalAutoEncoder(architecture: architecture, seed: options.seed)
        try self.init(rows: rows, count: count, heldOut: heldOut, heldOutCount: heldOutCount, model: model,
                      optimizer: AdamOptimizer(learningRate: options.learningRate), epochsCompleted: 0, options: options)
    }

    /// A run that continues a saved one: its model, its Adam state (`adamState`) and the epochs
    /// it completed. With the same rows and options (but `epochs`, which counts the additional
    /// epochs) it continues bit-exactly.
    /// - Throws: as the fresh run's initialiser, or `.parameterMismatch` when the Adam state
    ///   does not fit the model.
    public init(rows: [Float], count: Int, heldOut: [Float] = [], heldOutCount: Int = 0,
                resuming model: VariationalAutoEncoder, adamState: VAEAdamState, epochsCompleted: Int,
                options: Options) throws {
        try options.validate()
        guard epochsCompleted >= 0, adamState.steps >= 0 else {
            throw VariationalCodingError.parameterMismatch("negative epoch or step count")
        }
        let expected = model.architecture.parameterShapes
        var optimizer = AdamOptimizer(learningRate: options.learningRate)
        for moments in [adamState.first, adamState.second] {
            guard moments.count == expected.count else {
                throw VariationalCodingError.parameterMismatch("\(moments.count) Adam moment tensors, the model has \(expected.count) parameters")
            }
            for (given, wanted) in zip(moments, expected) {
                guard given.name == wanted.name, given.shape == wanted.shape, given.values.count == wanted.shape.reduce(1, *),
                      given.values.allSatisfy(\.isFinite) else {
                    throw VariationalCodingError.parameterMismatch("the Adam moments of \(wanted.name) do not fit its shape \(wanted.shape) or are not finite")
                }
            }
        }
        if adamState.steps > 0 {
            for slot in expected.indices {
                optimizer.restoreMoments(slot: slot, first: adamState.first[slot].values,
                                         second: adamState.second[slot].values, steps: adamState.steps)
            }
        }
        try self.init(rows: rows, count: count, heldOut: heldOut, heldOutCount: heldOutCount, model: model,
                      optimizer: optimizer, epochsCompleted: epochsCompleted, options: options)
    }

    private init(rows: [Float], count: Int, heldOut: [Float], heldOutCount: Int, model: VariationalAutoEncoder,
                 optimizer: AdamOptimizer, epochsCompleted: Int, options: Options) throws {
        try options.validate()
        let architecture = model.architecture
        guard count >= 1 else { throw VariationalCodingError.invalidRows("no training rows") }
        try architecture.validate(rows: rows, count: count)
        try architecture.validate(rows: heldOut, count: heldOutCount)
        self.model = model
        self.options = options
        self.optimizer = optimizer
        self.epochsCompleted = epochsCompleted
        training = rows
        trainingRows = count
        self.heldOut = heldOut
        heldOutRows = heldOutCount
        var generator = SeededGenerator(seed: Self.evaluationSeed(options.seed))
        heldOutNoise = VAENoise.standardNormal(rows: heldOutCount, latent: architecture.latent, generator: &generator)
    }

    /// The seed of epoch `epoch`'s generator (permutation, then ε).
    public static func epochSeed(_ seed: UInt64, epoch: Int) -> UInt64 {
        var mixer = SeededGenerator(seed: seed ^ (UInt64(truncatingIfNeeded: epoch) &* 0xD1B5_4A32_D192_ED03))
        return mixer.next()
    }

    /// The seed of the held-out rows' ε (the same every epoch).
    public static func evaluationSeed(_ seed: UInt64) -> UInt64 {
        var mixer = SeededGenerator(seed: seed ^ 0x6576_616C_7561_7465)  // "evaluate"
        return mixer.next()
    }

    /// Adam steps taken (one per batch), including those of the run being resumed.
    public var adamSteps: Int { optimizer.steps(slot: 0) }

    /// Adam's moments for saving; zeros before the first step.
    public var adamState: VAEAdamState {
        let parameters = model.parameters
        var first: [VAEParameter] = [], second: [VAEParameter] = []
        for (slot, parameter) in parameters.enumerated() {
            let zeros = [Float](repeating: 0, count: parameter.values.count)
            let moments = optimizer.moments(slot: slot)
            first.append(VAEParameter(name: parameter.name, shape: parameter.shape, values: moments?.first ?? zeros))
            second.append(VAEParameter(name: parameter.name, shape: parameter.shape, values: moments?.second ?? zeros))
        }
        return VAEAdamState(steps: adamSteps, first: first, second: second)
    }

    /// Bytes held: the rows, the held-out ε, the parameters and Adam's two moments.
    public var heldBytes: Int {
        let floats = training.count + heldOut.count + heldOutRows * model.architecture.latent + 3 * model.parameterCount
        return floats * MemoryLayout<Float>.size
    }

    /// The held-out means with the fixed evaluation ε; nil without held-out rows.
    public func evaluateHeldOut() -> VAELoss? {
        heldOutRows > 0 ? model.evaluate(heldOut, rows: heldOutRows, noise: heldOutNoise, threads: options.threads) : nil
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
        let features = model.architecture.features, latent = model.architecture.latent
        var reconstructionSum = 0.0, klSum = 0.0
        var start = 0
        while start < trainingRows {
            let count = min(options.batchSize, trainingRows - start)
            var batch = [Float](repeating: 0, count: count * features)
            for (r, row) in order[start..<(start + count)].enumerated() {
                for j in 0..<features { batch[r * features + j] = training[row * features + j] }
            }
            let noise = VAENoise.standardNormal(rows: count, latent: latent, generator: &generator)
            let (loss, gradient) = model.lossAndGradient(batch, rows: count, noise: noise, beta: options.beta, threads: options.threads)
            reconstructionSum += loss.reconstruction * Double(count)
            klSum += loss.kl * Double(count)
            for index in model.layers.indices {
                optimizer.step(&model.layers[index].weights, gradient: gradient[2 * index], slot: 2 * index)
                optimizer.step(&model.layers[index].bias, gradient: gradient[2 * index + 1], slot: 2 * index + 1)
            }
            start += count
        }
        let trained = seconds() - started
        epochsCompleted = epoch
        let rows = Double(trainingRows)
        return EpochReport(epoch: epoch, training: VAELoss(reconstruction: reconstructionSum / rows, kl: klSum / rows),
                           heldOut: evaluateHeldOut(), seconds: trained)
    }
}
