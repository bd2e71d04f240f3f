// Training LISTA to regress lasso codes: Adam steps on minibatches of (data, target codes).

/// Trains a `LISTAEncoder` to reproduce target codes (Gregor & LeCun 2010), minimising by Adam
///
///     loss = 1/(2·rows) · Σ_rows ‖z_K(y) − z*‖²
///
/// over W_e, S and θ (θ kept ≥ 0). The targets Z* `[rows, atoms]` are usually the exact lasso
/// codes of the same rows (`LassoEncoder` `.lars` with the λ and dictionary the encoder was
/// initialised from). Deterministic: the same encoder, data, seed and calls give the same bytes.
public struct LISTATrainer: Sendable {
    /// The encoder being trained.
    public private(set) var encoder: LISTAEncoder
    /// The optimizer and its moments (slots 0, 1, 2: W_e, S, θ).
    public private(set) var optimizer: AdamOptimizer
    /// Seeds the order in which `train` visits rows.
    public let seed: UInt64
    /// Steps taken so far.
    public private(set) var steps = 0
    /// Adam's step size for the next steps (a schedule may change it between steps).
    public var learningRate: Float {
        get { optimizer.learningRate }
        set { optimizer.learningRate = newValue }
    }
    /// The sampler of `train`, kept across calls with the same row count and batch size.
    var sampler: MinibatchSampler?

    /// Each tensor's step is the learning rate times the root mean square of its entries in the
    /// starting encoder, divided by the depth (W_e, S and θ differ in scale by orders of
    /// magnitude: one absolute step size either stalls W_e and θ or throws S's spectrum past 1,
    /// and the recurrence blows up; measured on whitened patches, 256 atoms: relative 0.1 trains
    /// depth 2 well and makes depth 5 and 10 diverge, 0.1·2/K trains every depth).
    public let stepScales: (filter: Float, mutual: Float, thresholds: Float)

    /// A trainer starting from `encoder` (typically the ISTA initialisation) with Adam at the
    /// relative step size `learningRate` (each entry moves by about `learningRate`/depth times
    /// its tensor's initial RMS per step; 0.2 suits whitened patches) and default β₁, β₂, ε.
    public init(encoder: LISTAEncoder, learningRate: Float, seed: UInt64) {
        self.encoder = encoder
        optimizer = AdamOptimizer(learningRate: learningRate)
        self.seed = seed
        func rms(_ values: [Float]) -> Float {
            let mean = values.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(values.count, 1))
            return mean > 0 ? Float(mean.squareRoot()) : 1
        }
        // The recurrence applies W_e, S and θ at every one of the K steps, so a step that is
        // safe at depth 1 moves the output about K times as far at depth K (and diverges).
        let depth = Float(encoder.depth)
        stepScales = (rms(encoder.filter) / depth, rms(encoder.mutual) / depth, rms(encoder.thresholds) / depth)
    }

    /// One Adam step on a minibatch Y `[rows, features]` with targets Z* `[rows, atoms]`.
    /// - Returns: the loss before the step.
    /// - Cost: one `lossAndGradient` plus O(features·atoms + atoms²).
    @discardableResult
    public mutating func step(_ batch: [Float], targets: [Float], rows: Int) -> Double {
        let (loss, gradient) = encoder.lossAndGradient(batch, targets: targets, rows: rows)
        encoder.apply(gradient, using: &optimizer, stepScales: stepScales)
        steps += 1
        return loss
    }

    /// `count` steps on minibatches of `batchSize` rows of Y `[rows, features]` and Z*
    /// `[rows, atoms]`, dealt by a `MinibatchSampler` seeded with `seed` (each epoch a fresh
    /// permutation; the sampler carries on across calls with the same `rows` and `batchSize`).
    /// - Returns: the loss before each step.
    @discardableResult
    public mutating func train(_ data: [Float], targets: [Float], rows: Int, batchSize: Int, count: Int) -> [Double] {
        let features = encoder.features, atoms = encoder.atoms
        precondition(data.count == rows * features,
                     "LISTATrainer.train: data has \(data.count) elements, expected \(rows)×\(features)")
        precondition(targets.count == rows * atoms,
                     "LISTATrainer.train: targets has \(targets.count) elements, expected \(rows)×\(atoms)")
        precondition(count >= 0, "LISTATrainer.train: negative step count")
        if sampler == nil || sampler!.rows != rows || sampler!.batchSize != batchSize {
            sampler = MinibatchSampler(rows: rows, batchSize: batchSize, seed: seed)
        }
        var losses = [Double]()
        losses.reserveCapacity(count)
        for _ in 0..<count {
            let indices = sampler!.next()
            losses.append(step(gatherRows(data, features: features, indices: indices),
                               targets: gatherRows(targets, features: atoms, indices: indices),
                               rows: batchSize))
        }
        return losses
    }
}
