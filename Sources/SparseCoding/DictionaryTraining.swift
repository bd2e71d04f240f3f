import TensorCore

/// A whole dictionary-learning run over training rows held in memory, as `dict-learn` makes it:
/// rows held out to measure the objective, the initial atoms, the minibatch schedule, progress
/// once per epoch and checkpoints, around `DictionaryLearner`'s steps.
///
/// Minibatches are pooled (`batchSize` rows from one sampler over all the training rows) or,
/// with `Plan.sourceRows`, balanced across the sources (input files): each step takes
/// `batchSize` rows from each source's own `ShardMinibatches` and takes the merged step
/// (`DictionaryLearner.step(merged:seed:)`) of their `DictionaryRoundStatistics`, exactly as
/// a cluster's synchronous round over shards does.
///
/// Seeds: from `Plan.seed` s, the held-out rows are drawn with s+1, the initial atoms with
/// s+2, the learner's re-initialisations with s+3 and the pooled minibatches with s+4; the
/// balanced ones with `ShardMinibatches`' seeds of s. Same rows and plan, same bytes.
public struct DictionaryTraining: Sendable {
    /// Where the atoms start.
    public enum Start: Sendable {
        /// `atoms` distinct random training rows.
        case dataRows
        /// Gaussian random atoms.
        case randomAtoms
        /// A saved dictionary `[atoms, features]` (resuming).
        case dictionary([Float])
    }

    /// How long to train.
    public enum Length: Sendable {
        /// Passes over the training rows (may be fractional; at least one step).
        case epochs(Double)
        /// Minibatch steps.
        case steps(Int)
    }

    /// What a run is asked to do.
    public struct Plan: Sendable {
        public var atoms: Int
        public var batchSize: Int
        public var length: Length
        /// Rows kept out of training to measure the objective on.
        public var holdout: Int
        public var seed: UInt64
        public var start: Start
        /// nil: pooled minibatches of `batchSize` rows. Else the rows of each source (input
        /// file), in input order, summing to the rows given: each step takes `batchSize` rows
        /// of every source (balanced minibatches).
        public var sourceRows: [Int]?

        public init(atoms: Int, batchSize: Int, length: Length, holdout: Int, seed: UInt64, start: Start, sourceRows: [Int]? = nil) {
            self.atoms = atoms
            self.batchSize = batchSize
            self.length = length
            self.holdout = holdout
            self.seed = seed
            self.start = start
            self.sourceRows = sourceRows
        }
    }

    /// Progress after an epoch (and after the last step).
    public struct EpochReport: Sendable {
        /// Epochs completed (fractional).
        public let epochs: Double
        public let rowsPerSecond: Double
        /// The mean minibatch energy over the last epoch's steps.
        public let trainingObjective: Double
        /// The held-out rows' mean energy, when asked for and rows are held out.
        public let heldOutObjective: Double?
    }

    public private(set) var learner: DictionaryLearner
    /// Pooled minibatches (unused when balanced).
    private var sampler: MinibatchSampler
    /// Balanced minibatches: one per source with training rows, and where its rows start in
    /// the training rows (empty when pooled).
    private var sources: [(batches: ShardMinibatches, firstRow: Int)] = []
    public let plan: Plan
    /// The rows of each step (with balanced minibatches, the sum over the sources).
    public let rowsPerStep: Int
    public let features: Int
    public let trainingRows: Int
    public let totalSteps: Int
    /// Bytes of training and held-out rows held.
    public let heldBytes: Int
    private let training: [Float]
    private let heldOut: [Float]
    /// The minibatch energies of the last epoch's steps (each with the dictionary of its time):
    /// the training objective, as SPAMS and scikit-learn report it, without another pass.
    private var recentObjectives: [Double]

    /// Splits `rows` rows of `values` `[rows, features]` into training and held-out rows and
    /// makes the initial atoms.
    /// - Throws: `SparseCodingError.invalidOption` when the holdout leaves no training rows or
    ///   there are fewer training rows than atoms.
    public init(values: [Float], rows: Int, features: Int, plan: Plan, options: DictionaryLearner.Options) throws {
        (training, trainingRows, heldOut) = try splitHeldOutRows(values, rows: rows, features: features, holdout: plan.holdout, seed: plan.seed &+ 1)
        heldBytes = (training.count + heldOut.count) * MemoryLayout<Float>.size
        guard trainingRows >= plan.atoms else {
            throw SparseCodingError.invalidOption(name: "atoms", reason: "only \(trainingRows) training rows for \(plan.atoms) atoms; give at least as many rows as atoms (more patches, or fewer atoms)")
        }
        let initial: [Float]
        switch plan.start {
        case .dataRows:
            initial = gatherRows(training, features: features, indices: holdoutSplit(rows: trainingRows, holdout: plan.atoms, seed: plan.seed &+ 2).holdout)
        case .randomAtoms:
            var generator = SeededGenerator(seed: plan.seed &+ 2)
            initial = (0..<(plan.atoms * features)).map { _ in Float(generator.gaussian()) }
        case .dictionary(let values):
            initial = values
        }
        self.plan = plan
        self.features = features
        learner = DictionaryLearner(initialDictionary: initial, atoms: plan.atoms, features: features, options: options, seed: plan.seed &+ 3)
        sampler = MinibatchSampler(rows: trainingRows, batchSize: min(plan.batchSize, trainingRows), seed: plan.seed &+ 4)
        if let sourceRows = plan.sourceRows {
            sources = try Self.balancedSources(sourceRows, rows: rows, holdout: plan.holdout, plan: plan)
        }
        rowsPerStep = sources.isEmpty ? sampler.batchSize : sources.reduce(0) { $0 + $1.batches.sampler.batchSize }
        switch plan.length {
        case .steps(let steps): totalSteps = steps
        case .epochs(let epochs): totalSteps = max(1, Int((epochs * Double(trainingRows) / Double(rowsPerStep)).rounded(.up)))
        }
        recentObjectives = [Double](repeating: 0, count: max(1, trainingRows / rowsPerStep))
    }

    /// Each source's minibatches over its training rows (those the holdout leaves it).
    private static func balancedSources(_ sourceRows: [Int], rows: Int, holdout: Int, plan: Plan) throws
        -> [(batches: ShardMinibatches, firstRow: Int)] {
        guard sourceRows.allSatisfy({ $0 >= 0 }), sourceRows.reduce(0, +) == rows else {
            throw SparseCodingError.invalidOption(name: "sourceRows", reason: "the sources' rows \(sourceRows) do not add up to the \(rows) rows")
        }
        var training = sourceRows
        if holdout > 0 {
            var ends = [Int](), end = 0
            for count in sourceRows { end += count; ends.append(end) }
            training = [Int](repeating: 0, count: sourceRows.count)
            var source = 0
            for row in holdoutSplit(rows: rows, holdout: holdout, seed: plan.seed &+ 1).training {
                while row >= ends[source] { source += 1 }
                training[source] += 1
            }
        }
        var sources: [(batches: ShardMinibatches, firstRow: Int)] = [], firstRow = 0
        for (index, count) in training.enumerated() {
            guard count > 0 else {
                throw SparseCodingError.invalidOption(name: "batch-per-file", reason: "input \(index + 1) of \(training.count) holds no training rows\(holdout > 0 ? " once \(holdout) rows are held out" : ""); leave it out or give it rows")
            }
            sources.append((ShardMinibatches(rows: count, batchSize: plan.batchSize, seed: plan.seed, shard: index), firstRow))
            firstRow += count
        }
        return sources
    }

    /// Rows dealt so far.
    public var dealtRows: Int { sources.isEmpty ? sampler.dealt : sources.reduce(0) { $0 + $1.batches.sampler.dealt } }

    /// The epochs completed so far (fractional): rows dealt over training rows.
    public var epochs: Double { Double(dealtRows) / Double(trainingRows) }

    /// The mean energy of `rows` rows `[rows, features]` with the current dictionary, coded
    /// exactly (LARS).
    public func meanObjective(_ data: [Float], rows: Int) -> Double {
        let encoder = LassoEncoder(dictionary: learner.dictionary, atoms: plan.atoms, features: features, stepSolvers: false)
        let exact = LassoEncoder.Options(lambda: learner.options.lambda, algorithm: .auto, positive: learner.options.positive)
        return encoder.encode(data, rows: rows, options: exact).meanObjective
    }

    /// The mean minibatch energy over the last epoch's steps.
    public var trainingObjective: Double {
        let count = min(learner.steps, recentObjectives.count)
        return recentObjectives.prefix(count).reduce(0, +) / Double(max(count, 1))
    }

    /// The held-out rows' mean energy, else the training objective.
    public var finalObjective: Double {
        plan.holdout > 0 ? meanObjective(heldOut, rows: plan.holdout) : trainingObjective
    }

    /// Takes every step of the plan.
    /// - Parameters:
    ///   - seconds: a monotonic clock, for the rate in the reports.
    ///   - measuresHoldout: whether each report codes the held-out rows (a full pass over them).
    ///   - checkpointEvery: epochs between calls of `checkpoint`, or nil for none.
    ///   - report: called after each epoch and after the last step.
    ///   - checkpoint: called with the run so far every `checkpointEvery` epochs.
    public mutating func run(seconds: () -> Double, measuresHoldout: Bool, checkpointEvery: Double?,
                             report: (EpochReport) -> Void, checkpoint: (DictionaryTraining) throws -> Void) rethrows {
        let started = seconds()
        var nextEpoch = 1.0
        var nextCheckpoint = checkpointEvery ?? .infinity
        for _ in 0..<totalSteps {
            let objective = step()
            recentObjectives[(learner.steps - 1) % recentObjectives.count] = objective
            if epochs >= nextEpoch || learner.steps == totalSteps {
                let rate = Double(dealtRows) / (seconds() - started)
                let heldOutObjective = plan.holdout > 0 && measuresHoldout ? meanObjective(heldOut, rows: plan.holdout) : nil
                report(EpochReport(epochs: epochs, rowsPerSecond: rate, trainingObjective: trainingObjective, heldOutObjective: heldOutObjective))
                nextEpoch = epochs.rounded(.down) + 1
            }
            if let checkpointEvery, epochs >= nextCheckpoint {
                try checkpoint(self)
                nextCheckpoint += checkpointEvery
            }
        }
    }

    /// One step on the next minibatch (pooled, or the merged round of every source's);
    /// returns its mean energy.
    private mutating func step() -> Double {
        guard !sources.isEmpty else {
            return learner.step(gatherRows(training, features: features, indices: sampler.next()), rows: sampler.batchSize).meanObjective
        }
        var merged = DictionaryRoundStatistics(atoms: plan.atoms, features: features)
        for k in sources.indices {
            merged.merge(sources[k].batches.nextStatistics(
                of: training, rowOffset: sources[k].firstRow, features: features, dictionary: learner.dictionary, atoms: plan.atoms,
                options: learner.options))
        }
        learner.step(merged: merged, seed: plan.seed)
        return merged.meanObjective
    }
}
