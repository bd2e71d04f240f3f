extension DAETraining {
    /// The settings of a training run.
    public struct Options: Sendable, Equatable {
        /// How each training row is corrupted before the network restores it.
        public var corruption: Corruption = .gaussian(standardDeviation: 0.3)
        /// Epochs to run.
        public var epochs: Int = 30
        /// Rows per minibatch; the last batch of an epoch keeps the remaining rows.
        public var batchSize: Int = 64
        /// Adam's step size α.
        public var learningRate: Float = 1e-3
        /// Seeds the initial weights, each epoch's order and corruption, and the held-out corruption.
        public var seed: UInt64 = 0
        /// Threads for the matrix products (nil: the engine's default).
        public var threads: Int? = nil

        public init(corruption: Corruption = .gaussian(standardDeviation: 0.3), epochs: Int = 30, batchSize: Int = 64,
                    learningRate: Float = 1e-3, seed: UInt64 = 0, threads: Int? = nil) {
            self.corruption = corruption
            self.epochs = epochs
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.seed = seed
            self.threads = threads
        }

        /// - Throws: `DenoisingAutoEncoderError.invalidCorruption` (`Corruption.validate`), or
        ///   `.invalidOption` for epochs < 0, batch size < 1, a learning rate ≤ 0 or not
        ///   finite, threads < 1.
        public func validate() throws {
            try corruption.validate()
            func fail(_ name: String, _ reason: String) -> DenoisingAutoEncoderError { .invalidOption(name: name, reason: reason) }
            guard epochs >= 0 else { throw fail("epochs", "must be ≥ 0, got \(epochs)") }
            guard batchSize >= 1 else { throw fail("batch size", "must be ≥ 1, got \(batchSize)") }
            guard learningRate.isFinite && learningRate > 0 else { throw fail("learning rate", "must be finite and > 0, got \(learningRate)") }
            if let threads, threads < 1 { throw fail("threads", "must be ≥ 1, got \(threads)") }
        }
    }

    /// The held-out rows' errors after an epoch.
    public struct HeldOutErrors: Sendable, Equatable {
        /// Mean energy E(x) of the clean rows (reconstruction error without corruption).
        public var energy: Double
        /// Mean error of restoring the corrupted rows (the fixed evaluation corruption) to the
        /// clean ones: the training objective on rows not trained on.
        public var denoising: Double
    }

    /// What one epoch gave.
    public struct EpochReport: Sendable, Equatable {
        /// 1-based.
        public let epoch: Int
        /// The mean denoising loss over the epoch's training rows (each row once, with the
        /// weights before its batch's step).
        public let training: Double
        /// The held-out rows' errors after the epoch; nil without held-out rows.
        public let heldOut: HeldOutErrors?
        /// Seconds of the epoch's training (batches and steps; not the held-out evaluation).
        public let seconds: Double

        /// Whether training has failed: the loss is not finite (a step size too large).
        public var diverged: Bool { !training.isFinite }
    }
}
