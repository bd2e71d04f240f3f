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
/// `evaluationSeed(seed)` (ε by `VAENoise.standardNormal`, the permutation by
/// `SeededGenerator.shuffle`).
///
/// Two threads (when `options.threads` allows and the network is large enough,
/// `VariationalAutoEncoder.usesTwoThreads`): each batch of 64 rows or more is worked as two
/// halves (`VariationalAutoEncoder.lossAndGradient`) and the Adam steps of the layers are split
/// in two; the bytes do not depend on the thread count.
public struct VAETraining: Sendable {
    /// The model so far.
    public private(set) var model: VariationalAutoEncoder
    /// The run's settings (on resume, `epochs` counts the additional epochs).
    public let options: Options
    /// Epochs completed, including those of the run being resumed.
    public private(set) var epochsCompleted: Int
    /// The number of training rows.
    public let trainingRows: Int
    /// The number of held-out rows (0: none).
    public let heldOutRows: Int
    /// One optimizer per parameter tensor (its slot 0), so that tensors can step on separate
    /// threads: Adam's update of a tensor does not depend on the others.
    private var optimizers: [AdamOptimizer]
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
        let optimizers = [AdamOptimizer](repeating: AdamOptimizer(learningRate: options.learningRate), count: 2 * model.layers.count)
        try self.init(rows: rows, count: count, heldOut: heldOut, heldOutCount: heldOutCount, model: model,
                      optimizers: optimizers, epochsCompleted: 0, options: options)
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
        var optimizers = [AdamOptimizer](repeating: AdamOptimizer(learningRate: options.learningRate), count: expected.count)
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
                optimizers[slot].restoreMoments(slot: 0, first: adamState.first[slot].values,
                                         second: adamState.second[slot].values, steps: adamState.steps)
            }
        }
        try self.init(rows: rows, count: count, heldOut: heldOut, heldOutCount: heldOutCount, model: model,
                      optimizers: optimizers, epochsCompleted: epochsCompleted, options: options)
    }

    private init(rows: [Float], count: Int, heldOut: [Float], heldOutCount: Int, model: VariationalAutoEncoder,
                 optimizers: [AdamOptimizer], epochsCompleted: Int, options: Options) throws {
        try options.validate()
        let architecture = model.architecture
        guard count >= 1 else { throw VariationalCodingError.invalidRows("no training rows") }
        try architecture.validate(rows: rows, count: count)
        try architecture.validate(rows: heldOut, count: heldOutCount)
        self.model = model
        self.options = options
        self.optimizers = optimizers
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
        SeededGenerator.epochSeed(seed, epoch: epoch)
    }

    /// The seed of the held-out rows' ε (the same every epoch).
    public static func evaluationSeed(_ seed: UInt64) -> UInt64 {
        SeededGenerator.derivedSeed(seed, salt: 0x6576_616C_7561_7465)  // "evaluate"
    }

    /// Adam steps taken (one per batch), including those of the run being resumed.
    public var adamSteps: Int { optimizers[0].steps(slot: 0) }

    /// Adam's moments for saving; zeros before the first step.
    public var adamState: VAEAdamState {
        let parameters = model.parameters
        var first: [VAEParameter] = [], second: [VAEParameter] = []
        for (slot, parameter) in parameters.enumerated() {
            let zeros = [Float](repeating: 0, count: parameter.values.count)
            let moments = optimizers[slot].moments(slot: 0)
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
            let batch = gatherRows(training, features: features, indices: Array(order[start..<(start + count)]))
            let noise = VAENoise.standardNormal(rows: count, latent: latent, generator: &generator)
            let (loss, gradient) = model.lossAndGradientParts(batch, rows: count, noise: noise, beta: options.beta, threads: options.threads)
            reconstructionSum += loss.reconstruction * Double(count)
            klSum += loss.kl * Double(count)
            step(gradient)
            start += count
        }
        let trained = seconds() - started
        epochsCompleted = epoch
        let rows = Double(trainingRows)
        return EpochReport(epoch: epoch, training: VAELoss(reconstruction: reconstructionSum / rows, kl: klSum / rows),
                           heldOut: evaluateHeldOut(), seconds: trained)
    }

    /// One Adam step on every parameter tensor with the gradient given as one or two parts
    /// (added here, so that the sum is split across threads too), the layers split across two
    /// threads when the batches use two (`usesTwoThreads`; each tensor has its own optimizer, the same bits
    /// either way).
    private mutating func step(_ parts: [[[Float]]]) {
        let threads = model.usesTwoThreads(rows: options.batchSize, threads: options.threads) ? 2 : 1
        func gradient(_ tensor: Int) -> [Float] {
            parts.count == 1 ? parts[0][tensor] : elementwiseSum(parts[0][tensor], parts[1][tensor])
        }
        model.layers.withUnsafeMutableBufferPointer { layers in
            optimizers.withUnsafeMutableBufferPointer { optimizers in
                forEachRange(layers.count, parts: threads) { range in
                    for index in range {
                        optimizers[2 * index].step(&layers[index].weights, gradient: gradient(2 * index), slot: 0)
                        optimizers[2 * index + 1].step(&layers[index].bias, gradient: gradient(2 * index + 1), slot: 0)
                    }
                }
            }
        }
    }
}
