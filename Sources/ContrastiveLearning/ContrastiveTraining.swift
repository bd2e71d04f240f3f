// A contrastive training run: InfoNCE on pairs of random views, Adam, seeded per epoch.
import Augmentation
import NeuralNetworks
import SparseCoding
import TensorCore

/// Trains a `ContrastiveNetwork` on images held in memory, as `contrast-train` does (SimCLR's
/// recipe on rows): each epoch a fresh seeded permutation of the training images in batches of
/// `batchSize`; each image of a batch gets two random views (`viewPairs`), a positive pair; the
/// loss is InfoNCE (`InfoNCELoss`) on the normalised projections, the other views of the batch
/// the negatives; one Adam step per batch. With `.bank` (PIRL) or `.queue` (MoCo) each view is
/// also contrasted (`KeyContrastLoss`) with a positive key as old as its negatives: its image's
/// bank entry, or its partner view's key from the momentum key network; after the step the
/// bank's entries of the batch move, or the keys enter the queue and the key network moves.
///
/// Randomness: the initial weights from `SeededGenerator(seed: seed)`, the bank or queue's
/// first entries from `auxiliarySeed(seed)`, which also draws the held-out views once; epoch
/// e uses `SeededGenerator(seed: epochSeed(seed, e))` for its permutation, then per batch the
/// views and the bank's negatives. Same rows and options, same bytes.
public struct ContrastiveTraining: Sendable {
    /// The network so far.
    public private(set) var network: ContrastiveNetwork
    /// The run's settings.
    public let options: Options
    /// Epochs completed.
    public private(set) var epochsCompleted = 0
    /// The number of training images.
    public let trainingRows: Int
    /// The number of held-out images (0: none).
    public let heldOutRows: Int
    /// The images' shape (the augmentations need it).
    public let shape: ImageShape
    /// The views' transformation.
    public let augmentation: RandomAugmentation
    private var optimizer: AdamOptimizer
    private var bank: MemoryBank?
    private var queue: ProjectionQueue?
    /// MoCo's key network, a momentum average of `network` (with `.queue`).
    private var keyNetwork: ContrastiveNetwork?
    private let training: [Float]
    private let heldOutViews: [Float]
    private let loss: InfoNCELoss

    /// A fresh run on training images `[count, shape.count]` (channel-last rows) and held-out
    /// ones `[heldOutCount, shape.count]` (may be none).
    /// - Throws: `ContrastiveLearningError` for a bad architecture or option, fewer than 2
    ///   training images, rows of another width or with non-finite values.
    public init(rows: [Float], count: Int, heldOut: [Float] = [], heldOutCount: Int = 0, shape: ImageShape,
                augmentation: RandomAugmentation, architecture: ContrastiveArchitecture, options: Options) throws {
        try options.validate()
        guard architecture.features == shape.count else {
            throw ContrastiveLearningError.invalidArchitecture("\(architecture.features) features are not images of \(shape)")
        }
        network = try ContrastiveNetwork(architecture: architecture, seed: options.seed)
        guard count >= 2 else { throw ContrastiveLearningError.invalidRows("\(count) training rows; a pair needs at least one other image as its negative") }
        if heldOutCount == 1 { throw ContrastiveLearningError.invalidRows("1 held-out row; hold out none or at least 2") }
        try architecture.validate(rows: rows, count: count)
        try architecture.validate(rows: heldOut, count: heldOutCount)
        self.options = options
        self.shape = shape
        self.augmentation = augmentation
        training = rows
        trainingRows = count
        heldOutRows = heldOutCount
        loss = InfoNCELoss(temperature: options.temperature)
        optimizer = AdamOptimizer(learningRate: options.learningRate)
        var generator = SeededGenerator(seed: Self.auxiliarySeed(options.seed))
        switch options.negatives {
        case .batch: break
        case .bank:
            bank = MemoryBank(images: count, dimension: architecture.dimension, momentum: options.momentum ?? options.negatives.defaultMomentum, generator: &generator)
        case let .queue(capacity):
            queue = ProjectionQueue(capacity: capacity, dimension: architecture.dimension, generator: &generator)
            keyNetwork = network
        }
        heldOutViews = viewPairs(of: Array(0..<heldOutCount), in: heldOut, shape: shape, augmentation: augmentation, generator: &generator)
    }

    /// The seed of epoch `epoch`'s generator (permutation, views, bank draws).
    public static func epochSeed(_ seed: UInt64, epoch: Int) -> UInt64 {
        SeededGenerator.epochSeed(seed, epoch: epoch)
    }

    /// The seed of the bank's or queue's first entries and of the held-out views.
    public static func auxiliarySeed(_ seed: UInt64) -> UInt64 {
        SeededGenerator.derivedSeed(seed, salt: 0x636F_6E74_7261_7374)  // "contrast"
    }

    /// The bank's or key network's momentum in use.
    public var momentum: Float { options.momentum ?? options.negatives.defaultMomentum }

    /// Bytes held: the rows, the held-out views, the parameters, Adam's moments, the bank or
    /// queue and key network.
    public var heldBytes: Int {
        let floats = training.count + heldOutViews.count + (keyNetwork == nil ? 3 : 4) * network.architecture.parameterCount
            + (bank?.entries.count ?? 0) + (queue?.entries.count ?? 0)
        return floats * MemoryLayout<Float>.size
    }

    /// Batches of at most `batchSize` of `count` items in order, the last joined to the one
    /// before when it would hold a single item.
    func batches(of count: Int) -> [Range<Int>] {
        var ranges = stride(from: 0, to: count, by: options.batchSize).map { $0..<min($0 + options.batchSize, count) }
        if ranges.count > 1, ranges.last!.count == 1 {
            let last = ranges.removeLast()
            ranges[ranges.count - 1] = ranges[ranges.count - 1].lowerBound..<last.upperBound
        }
        return ranges
    }

    /// The held-out pairs' loss and similarities (fixed views, in-batch negatives, batches of
    /// `batchSize` images); nil without held-out rows.
    public func evaluateHeldOut() -> PairStatistics? {
        guard heldOutRows > 0 else { return nil }
        var sums = (loss: 0.0, positive: 0.0, negative: 0.0)
        let features = shape.count, dimension = network.architecture.dimension
        for range in batches(of: heldOutRows) {
            let views = Array(heldOutViews[(2 * range.lowerBound * features)..<(2 * range.upperBound * features)])
            let z = network.project(views, rows: 2 * range.count, threads: options.threads)
            let result = loss.evaluate(z, rows: 2 * range.count, dimension: dimension, threads: options.threads)
            let weight = Double(range.count)
            sums.loss += Double(result.loss) * weight
            sums.positive += Double(result.meanPositiveSimilarity) * weight
            sums.negative += Double(result.meanNegativeSimilarity) * weight
        }
        let n = Double(heldOutRows)
        return PairStatistics(loss: sums.loss / n, positive: sums.positive / n, negative: sums.negative / n)
    }

    /// Runs one epoch and evaluates the held-out pairs; `seconds` is a monotonic clock.
    public mutating func trainEpoch(seconds: () -> Double) -> EpochReport {
        let started = seconds()
        let epoch = epochsCompleted + 1
        var generator = SeededGenerator(seed: Self.epochSeed(options.seed, epoch: epoch))
        var order = Array(0..<trainingRows)
        generator.shuffle(&order)
        var sums = (loss: 0.0, positive: 0.0, negative: 0.0)
        var counted = 0
        for range in batches(of: trainingRows) {
            let images = Array(order[range])
            let views = viewPairs(of: images, in: training, shape: shape, augmentation: augmentation, generator: &generator)
            let rows = 2 * images.count
            var keys: ContrastiveNetwork.Keys?
            if let bank, case let .bank(count) = options.negatives {
                keys = .init(positives: bank.positives(for: images), negatives: bank.negatives(count, excluding: images, generator: &generator))
            }
            let keyProjections = keyNetwork?.unitProjection(views, rows: rows, threads: options.threads)
            if let keyProjections, let queue {
                keys = .init(positives: otherViews(keyProjections, dimension: network.architecture.dimension), negatives: queue.entries)
            }
            let batch = network.lossAndGradient(views, rows: rows, loss: loss, keys: keys, threads: options.threads)
            let weight = Double(images.count)
            sums.loss += Double(batch.objective) * weight
            sums.positive += Double(batch.loss.meanPositiveSimilarity) * weight
            sums.negative += Double(batch.loss.meanNegativeSimilarity) * weight
            counted += images.count
            for (index, gradient) in batch.gradient.enumerated() {
                let layer = index / 2
                if index % 2 == 0 {
                    optimizer.step(&network.layers[layer].weights, gradient: gradient, slot: index)
                } else {
                    optimizer.step(&network.layers[layer].bias, gradient: gradient, slot: index)
                }
            }
            bank?.update(batch: images, projections: batch.normalizedProjections)
            if let keyProjections {
                queue?.enqueue(keyProjections)
                let momentum = momentum
                keyNetwork?.moveTowards(network, keeping: momentum)
            }
        }
        let trained = seconds() - started
        epochsCompleted = epoch
        let n = Double(max(counted, 1))
        return EpochReport(epoch: epoch, training: PairStatistics(loss: sums.loss / n, positive: sums.positive / n, negative: sums.negative / n),
                           heldOut: evaluateHeldOut(), seconds: trained)
    }
}

/// Rows swapped in pairs (row 2i ↔ 2i+1): each view's row holds its partner view's.
func otherViews(_ rows: [Float], dimension: Int) -> [Float] {
    var swapped = rows
    for row in 0..<(rows.count / dimension) {
        let partner = row ^ 1
        swapped.replaceSubrange((row * dimension)..<((row + 1) * dimension), with: rows[(partner * dimension)..<((partner + 1) * dimension)])
    }
    return swapped
}
