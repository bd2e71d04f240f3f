extension ContrastiveTraining {
    /// The settings of a training run.
    public struct Options: Sendable, Equatable {
        /// τ, the softmax temperature of the InfoNCE loss.
        public var temperature: Float = 0.5
        /// Where the negatives beyond the batch come from.
        public var negatives: NegativeSource = .batch
        /// μ, the memory bank's (`.bank`) or the key network's (`.queue`) momentum; nil: the
        /// source's `defaultMomentum`.
        public var momentum: Float? = nil
        /// Epochs to run.
        public var epochs: Int = 50
        /// Images per minibatch (2× as many views); the last, partial batch is kept when it
        /// has at least 2 images.
        public var batchSize: Int = 256
        /// Adam's step size α.
        public var learningRate: Float = 1e-3
        /// Seeds the initial weights, each epoch's order and views, the bank and the held-out views.
        public var seed: UInt64 = 0
        /// Threads for the matrix products (nil: the engine's default).
        public var threads: Int? = nil

        public init(temperature: Float = 0.5, negatives: NegativeSource = .batch, momentum: Float? = nil, epochs: Int = 50,
                    batchSize: Int = 256, learningRate: Float = 1e-3, seed: UInt64 = 0, threads: Int? = nil) {
            self.temperature = temperature
            self.negatives = negatives
            self.momentum = momentum
            self.epochs = epochs
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.seed = seed
            self.threads = threads
        }

        /// - Throws: `ContrastiveLearningError.invalidOption` for τ ≤ 0, μ outside [0, 1),
        ///   epochs < 0, a batch of fewer than 2 images, a learning rate ≤ 0, threads < 1 (any
        ///   of them not finite).
        public func validate() throws {
            func fail(_ name: String, _ reason: String) -> ContrastiveLearningError { .invalidOption(name: name, reason: reason) }
            guard temperature.isFinite && temperature > 0 else { throw fail("temperature", "must be finite and > 0, got \(temperature)") }
            if let momentum, !(momentum >= 0 && momentum < 1) { throw fail("momentum", "must be in [0, 1), got \(momentum)") }
            guard epochs >= 0 else { throw fail("epochs", "must be ≥ 0, got \(epochs)") }
            guard batchSize >= 2 else { throw fail("batch size", "must be ≥ 2 images (a pair needs a negative), got \(batchSize)") }
            guard learningRate.isFinite && learningRate > 0 else { throw fail("learning rate", "must be finite and > 0, got \(learningRate)") }
            if let threads, threads < 1 { throw fail("threads", "must be ≥ 1, got \(threads)") }
        }
    }

    /// The loss and the similarities of a set of pairs.
    public struct PairStatistics: Sendable, Equatable {
        /// The objective: the in-batch InfoNCE loss (mean over anchors) plus, with a bank or
        /// queue, the key loss.
        public var loss: Double
        /// The mean cosine similarity of the positive pairs (the two views; in the batch).
        public var positive: Double
        /// The mean cosine similarity of the negative pairs.
        public var negative: Double
        /// positive − negative: the margin the loss widens.
        public var gap: Double { positive - negative }
    }

    /// What one epoch gave.
    public struct EpochReport: Sendable, Equatable {
        /// 1-based.
        public let epoch: Int
        /// Means over the epoch's batches (each with the weights before its step), weighted by rows.
        public let training: PairStatistics
        /// The held-out pairs after the epoch (fixed views, in-batch negatives); nil without them.
        public let heldOut: PairStatistics?
        /// Seconds of the epoch's training (not the held-out evaluation).
        public let seconds: Double

        /// Whether training has failed: the loss is not finite.
        public var diverged: Bool { !training.loss.isFinite }
    }
}
