extension VAETraining {
    /// The settings of a training run (PyTorch's VAE example's defaults but the epochs).
    public struct Options: Sendable, Equatable {
        /// β, the weight of the KL term in the objective (0: no spring, 1: the ELBO).
        public var beta: Float = 1
        /// Epochs to run (on resume: additional epochs).
        public var epochs: Int = 50
        /// Rows per minibatch; the last batch of an epoch keeps the remaining rows.
        public var batchSize: Int = 128
        /// Adam's step size α.
        public var learningRate: Float = 1e-3
        /// Seeds the initial weights, each epoch's order and ε, and the held-out ε.
        public var seed: UInt64 = 0
        /// Threads for the matrix products (nil: the engine's default).
        public var threads: Int? = nil

        public init(beta: Float = 1, epochs: Int = 50, batchSize: Int = 128, learningRate: Float = 1e-3,
                    seed: UInt64 = 0, threads: Int? = nil) {
            self.beta = beta
            self.epochs = epochs
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.seed = seed
            self.threads = threads
        }

        /// - Throws: `VariationalCodingError.invalidOption` for β < 0 or not finite, epochs < 0,
        ///   batch size < 1, learning rate ≤ 0 or not finite, threads < 1.
        public func validate() throws {
            func fail(_ name: String, _ reason: String) -> VariationalCodingError { .invalidOption(name: name, reason: reason) }
            guard beta.isFinite && beta >= 0 else { throw fail("beta", "must be finite and ≥ 0, got \(beta)") }
            guard epochs >= 0 else { throw fail("epochs", "must be ≥ 0, got \(epochs)") }
            guard batchSize >= 1 else { throw fail("batch size", "must be ≥ 1, got \(batchSize)") }
            guard learningRate.isFinite && learningRate > 0 else { throw fail("learning rate", "must be finite and > 0, got \(learningRate)") }
            if let threads, threads < 1 { throw fail("threads", "must be ≥ 1, got \(threads)") }
        }
    }

    /// What one epoch gave.
    public struct EpochReport: Sendable, Equatable {
        /// 1-based, counting the epochs of the run being resumed.
        public let epoch: Int
        /// Means over the epoch's training rows of the terms computed for its batches (each
        /// row once, with the weights before its batch's step).
        public let training: VAELoss
        /// Means over the held-out rows after the epoch (the fixed evaluation ε); nil without
        /// held-out rows.
        public let heldOut: VAELoss?
        /// Seconds of the epoch's training (batches and steps; not the held-out evaluation).
        public let seconds: Double

        /// Whether training has failed: the epoch's training loss is not finite (a step size
        /// too large sends the weights to infinity and then NaN; nothing after it can recover).
        public var diverged: Bool { !training.negativeELBO.isFinite }
    }
}
