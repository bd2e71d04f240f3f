// Training an MLP energy by contrastive divergence with Langevin samples (CD-k, persistent CD).
import NeuralNetworks
import SparseCoding
import TensorCore

/// Trains an `MLPEnergy` on points by contrastive divergence: push the energy down on training
/// points and up where Langevin walks end, minimising per batch
///
///     L = mean E(y⁺) − mean E(y⁻) + α·(mean E(y⁺)² + mean E(y⁻)²)
///
/// (the α term, as Du & Mordatch 2019, keeps the energies from drifting off to ±∞), with Adam.
/// y⁻ are `sampler.steps` Langevin steps from the batch's own points (CD-k), or, with
/// `particles`, from persistent chains kept across updates (PCD): each batch walks as many
/// chains as it has points, drawn at random, and writes them back; each chain is restarted at
/// a uniform point of the data's box (its extent widened by a tenth on every side) with
/// probability `restart`. Seeded: same points and options, same bytes.
public struct MLPEnergyTraining: Sendable {
    /// The energy so far.
    public private(set) var energy: MLPEnergy
    public let options: Options
    public let sampler: LangevinSampler
    /// The persistent chains `[particles, width]` (empty for CD-k).
    public private(set) var chains: [Float]
    /// The data's box widened by a tenth: per coordinate (lower, upper).
    public let box: [(lower: Float, upper: Float)]
    public private(set) var epochsCompleted = 0
    private var optimizer: AdamOptimizer
    private let points: [Float]
    private let count: Int
    private var generator: SeededGenerator

    /// The settings of a run.
    public struct Options: Sendable, Equatable {
        /// Persistent chains (PCD); nil: CD-k from the data.
        public var particles: Int?
        /// Probability a persistent chain restarts from a uniform point of the box, per use.
        public var restart: Float = 0.05
        /// α, the weight of the energies' squares.
        public var regularization: Float = 0.1
        public var epochs: Int = 100
        public var batchSize: Int = 128
        public var learningRate: Float = 1e-3
        public var seed: UInt64 = 0

        public init(particles: Int? = nil, restart: Float = 0.05, regularization: Float = 0.1, epochs: Int = 100,
                    batchSize: Int = 128, learningRate: Float = 1e-3, seed: UInt64 = 0) {
            self.particles = particles
            self.restart = restart
            self.regularization = regularization
            self.epochs = epochs
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.seed = seed
        }
    }

    /// What one epoch gave: means over its batches.
    public struct EpochReport: Sendable, Equatable {
        public let epoch: Int
        /// Mean E on the training points and on the negative samples.
        public let positiveEnergy: Double
        public let negativeEnergy: Double
    }

    /// A run on points `[count, width]` with a fresh energy of the given hidden widths.
    /// - Throws: `EnergyModelError.invalidRows` for no points, points of no width or not
    ///   finite; `.invalidOption` for a batch size < 1, a learning rate ≤ 0, α < 0, a restart
    ///   probability outside [0, 1] or no particles; `.invalidArchitecture` for no hidden layer.
    public init(points: [Float], count: Int, hidden: [Int], sampler: LangevinSampler, options: Options) throws {
        guard count >= 1, !points.isEmpty, points.count % count == 0 else {
            throw EnergyModelError.invalidRows("\(points.count) values are no points of at least one coordinate (\(count) rows)")
        }
        if let index = points.firstIndex(where: { !$0.isFinite }) {
            throw EnergyModelError.invalidRows("point \(index / (points.count / count)) has a non-finite coordinate (\(points[index]))")
        }
        func fail(_ name: String, _ reason: String) -> EnergyModelError { .invalidOption(name: name, reason: reason) }
        guard options.batchSize >= 1 else { throw fail("batch size", "must be ≥ 1, got \(options.batchSize)") }
        guard options.learningRate > 0, options.learningRate.isFinite else { throw fail("learning rate", "must be finite and > 0") }
        guard options.regularization >= 0, options.regularization.isFinite else { throw fail("alpha", "must be finite and ≥ 0") }
        guard (0...1).contains(options.restart) else { throw fail("restart", "must be in [0, 1], got \(options.restart)") }
        guard (options.particles ?? 1) >= 1 else { throw fail("particles", "must be ≥ 1") }
        guard !hidden.isEmpty, hidden.allSatisfy({ $0 >= 1 }) else {
            throw EnergyModelError.invalidArchitecture("at least one hidden layer, every width ≥ 1")
        }
        let width = points.count / count
        energy = MLPEnergy(inputs: width, hidden: hidden, seed: options.seed)
        self.options = options
        self.sampler = sampler
        self.points = points
        self.count = count
        optimizer = AdamOptimizer(learningRate: options.learningRate)
        box = (0..<width).map { j in
            let column = stride(from: j, to: points.count, by: width).map { points[$0] }
            let lower = column.min()!, upper = column.max()!, margin = max(upper - lower, 1e-3) / 10
            return (lower - margin, upper + margin)
        }
        generator = SeededGenerator(seed: options.seed ^ 0x636F_6E74_7261_7374)
        chains = []
        if let particles = options.particles {
            chains = (0..<particles).flatMap { _ in Self.uniformPoint(in: box, generator: &generator) }
        }
    }

    /// A point drawn uniformly from `box`.
    static func uniformPoint(in box: [(lower: Float, upper: Float)], generator: inout SeededGenerator) -> [Float] {
        box.map { $0.lower + Float(generator.unit()) * ($0.upper - $0.lower) }
    }

    /// `count` points drawn uniformly from the box (the "anywhere" the margin is measured against).
    public mutating func uniformPoints(_ count: Int, seed: UInt64) -> [Float] {
        var local = SeededGenerator(seed: seed)
        return (0..<count).flatMap { _ in Self.uniformPoint(in: box, generator: &local) }
    }

    /// One epoch: a seeded permutation of the points in batches, one Adam step per batch.
    public mutating func trainEpoch() -> EpochReport {
        let width = energy.inputs
        var order = Array(0..<count)
        generator.shuffle(&order)
        var sums = (positive: 0.0, negative: 0.0), batches = 0
        for start in stride(from: 0, to: count, by: options.batchSize) {
            let indices = Array(order[start..<min(start + options.batchSize, count)])
            let rows = indices.count
            let positives = gatherRows(points, features: width, indices: indices)
            var negatives: [Float]
            var chosen: [Int] = []
            if let particles = options.particles {
                chosen = (0..<rows).map { _ in generator.below(particles) }
                negatives = []
                for chain in chosen {
                    if Float(generator.unit()) < options.restart {
                        negatives += Self.uniformPoint(in: box, generator: &generator)
                    } else {
                        negatives += chains[(chain * width)..<((chain + 1) * width)]
                    }
                }
            } else {
                negatives = positives
            }
            let current = energy
            negatives = sampler.run(from: negatives, rows: rows, gradient: { current.inputGradient($0, rows: $1).gradient }, generator: &generator)
            for (slot, chain) in chosen.enumerated() {
                chains.replaceSubrange((chain * width)..<((chain + 1) * width), with: negatives[(slot * width)..<((slot + 1) * width)])
            }
            let positiveEnergies = energy.energies(positives, rows: rows), negativeEnergies = energy.energies(negatives, rows: rows)
            let n = Float(rows), alpha = options.regularization
            let up = energy.parameterGradient(positives, rows: rows, scales: positiveEnergies.map { (1 + 2 * alpha * $0) / n }).gradient
            let down = energy.parameterGradient(negatives, rows: rows, scales: negativeEnergies.map { (-1 + 2 * alpha * $0) / n }).gradient
            for index in energy.layers.indices {
                optimizer.step(&energy.layers[index].weights, gradient: elementwiseSum(up[2 * index], down[2 * index]), slot: 2 * index)
                optimizer.step(&energy.layers[index].bias, gradient: elementwiseSum(up[2 * index + 1], down[2 * index + 1]), slot: 2 * index + 1)
            }
            sums.positive += Double(positiveEnergies.reduce(0, +)) / Double(rows)
            sums.negative += Double(negativeEnergies.reduce(0, +)) / Double(rows)
            batches += 1
        }
        epochsCompleted += 1
        return EpochReport(epoch: epochsCompleted, positiveEnergy: sums.positive / Double(batches), negativeEnergy: sums.negative / Double(batches))
    }
}
