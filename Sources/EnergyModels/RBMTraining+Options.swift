extension RBMTraining {
    /// Where the negative phase's samples come from.
    public enum Method: Sendable, Equatable {
        /// CD-k: one Gibbs chain per batch row, started at the row, `steps` = k steps.
        case contrastiveDivergence(steps: Int)
        /// Persistent CD: `particles` chains kept across updates, advanced `steps` Gibbs steps
        /// per update (scikit-learn's `BernoulliRBM`: particles = batch size, steps = 1).
        case persistent(particles: Int, steps: Int)
    }

    /// The settings of a training run (scikit-learn's `BernoulliRBM` defaults).
    public struct Options: Sendable, Equatable {
        /// CD-k or persistent CD.
        public var method: Method = .persistent(particles: 10, steps: 1)
        /// The SGD step on the mean gradient over a batch (scikit-learn's `learning_rate`,
        /// which it divides by the batch size because it sums over the batch).
        public var learningRate: Float = 0.1
        /// Rows per minibatch; the last batch of an epoch keeps the remaining rows.
        public var batchSize: Int = 10
        /// Epochs to run (scikit-learn's `n_iter`).
        public var epochs: Int = 10
        /// Seeds the initial weights, each epoch's order and samples, and the evaluation.
        public var seed: UInt64 = 0
        /// Whether each epoch visits the rows in a fresh seeded order (false: the rows' own
        /// order every epoch, as scikit-learn).
        public var shufflesRows: Bool = true
        /// Whether each epoch's report evaluates the training rows too (untimed; costs about
        /// half an epoch of CD-1).
        public var evaluatesTrainingRows: Bool = true
        /// Threads for the matrix products (nil: the engine's default).
        public var threads: Int? = nil

        public init(method: Method = .persistent(particles: 10, steps: 1), learningRate: Float = 0.1, batchSize: Int = 10,
                    epochs: Int = 10, seed: UInt64 = 0, shufflesRows: Bool = true, evaluatesTrainingRows: Bool = true,
                    threads: Int? = nil) {
            self.method = method
            self.learningRate = learningRate
            self.batchSize = batchSize
            self.epochs = epochs
            self.seed = seed
            self.shufflesRows = shufflesRows
            self.evaluatesTrainingRows = evaluatesTrainingRows
            self.threads = threads
        }

        /// - Throws: `EnergyModelError.invalidOption` for k < 1, particles < 1, a learning
        ///   rate ≤ 0 or not finite, batch size < 1, epochs < 0, threads < 1.
        public func validate() throws {
            func fail(_ name: String, _ reason: String) -> EnergyModelError { .invalidOption(name: name, reason: reason) }
            switch method {
            case let .contrastiveDivergence(steps):
                guard steps >= 1 else { throw fail("CD steps", "must be ≥ 1 (CD-k runs k Gibbs steps), got \(steps)") }
            case let .persistent(particles, steps):
                guard particles >= 1 else { throw fail("particles", "must be ≥ 1, got \(particles)") }
                guard steps >= 1 else { throw fail("CD steps", "must be ≥ 1 (each update runs k Gibbs steps), got \(steps)") }
            }
            guard learningRate.isFinite && learningRate > 0 else { throw fail("learning rate", "must be finite and > 0, got \(learningRate)") }
            guard batchSize >= 1 else { throw fail("batch size", "must be ≥ 1, got \(batchSize)") }
            guard epochs >= 0 else { throw fail("epochs", "must be ≥ 0, got \(epochs)") }
            if let threads, threads < 1 { throw fail("threads", "must be ≥ 1, got \(threads)") }
        }
    }

    /// Means over a set of rows after an epoch.
    public struct Evaluation: Sendable, Equatable {
        /// Mean over the rows of ‖v − v̂‖² (`BernoulliRBM.reconstructionError`).
        public let reconstructionError: Double
        /// Mean over the rows of the pseudo-log-likelihood (`BernoulliRBM.pseudoLogLikelihood`),
        /// the flipped units drawn once per set of rows, the same every epoch; nil for Gaussian
        /// visible units (the pseudo-likelihood is defined for binary rows).
        public let pseudoLogLikelihood: Double?
        /// Mean over the rows of the free energy F(v) (`BernoulliRBM.freeEnergy`). Held-out rows
        /// whose mean climbs above the training rows' show over-fitting (Hinton 2010, §6).
        public let freeEnergy: Double
    }

    /// What one epoch gave.
    public struct EpochReport: Sendable, Equatable {
        /// 1-based.
        public let epoch: Int
        /// The training rows after the epoch; nil unless `evaluatesTrainingRows`.
        public let training: Evaluation?
        /// The held-out rows after the epoch; nil without held-out rows.
        public let heldOut: Evaluation?
        /// Seconds of the epoch's updates (not the evaluations).
        public let seconds: Double
        /// Whether training has failed: a parameter is no longer finite (a learning rate too
        /// large; nothing after it can recover).
        public let diverged: Bool
    }
}
