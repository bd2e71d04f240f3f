import Testing
import Augmentation
import NeuralNetworks
import SparseCoding
import TensorCore
@testable import ContrastiveLearning

/// ContrastiveTraining does what its documentation says, step for step: the recipe is
/// rebuilt here from the library's tested parts (network, viewPairs, lossAndGradient, Adam,
/// MemoryBank, ProjectionQueue) and the seeds the type documents, and two epochs of both must
/// end with the same bits. This checks the wiring the parts' own tests cannot: the order of
/// the random draws, the bank's draws and updates, the queue's filling, the held-out views.
@Suite struct TrainingRecipeTests {
    static let shape = ImageShape(channels: 1, height: 4, width: 4)
    static let architecture = ContrastiveArchitecture(features: 16, hidden: [6], dimension: 3)

    struct Replica {
        var parameters: [NamedParameter]
        var optimizer: AdamOptimizer
        var bank: MemoryBank?
        var queue: ProjectionQueue?
        /// MoCo's key network's parameters (with a queue).
        var keyParameters: [NamedParameter]?
        let heldOutViews: [Float]
        let options: ContrastiveTraining.Options
        let loss: InfoNCELoss

        init(heldOut: [Float], heldOutCount: Int, count: Int, options: ContrastiveTraining.Options) throws {
            self.options = options
            parameters = try ContrastiveNetwork(architecture: architecture, seed: options.seed).parameters
            optimizer = AdamOptimizer(learningRate: options.learningRate)
            loss = InfoNCELoss(temperature: options.temperature)
            var auxiliary = SeededGenerator(seed: ContrastiveTraining.auxiliarySeed(options.seed))
            switch options.negatives {
            case .batch: break
            case .bank: bank = MemoryBank(images: count, dimension: 3, momentum: options.momentum!, generator: &auxiliary)
            case let .queue(capacity):
                queue = ProjectionQueue(capacity: capacity, dimension: 3, generator: &auxiliary)
                keyParameters = parameters
            }
            heldOutViews = viewPairs(of: Array(0..<heldOutCount), in: heldOut, shape: shape, augmentation: augmentation, generator: &auxiliary)
        }

        var network: ContrastiveNetwork { try! ContrastiveNetwork(architecture: architecture, parameters: parameters) }

        mutating func epoch(_ epoch: Int, rows: [Float], count: Int, batches: [Range<Int>]) {
            var generator = SeededGenerator(seed: ContrastiveTraining.epochSeed(options.seed, epoch: epoch))
            var order = Array(0..<count)
            generator.shuffle(&order)
            for range in batches {
                let images = Array(order[range])
                let views = viewPairs(of: images, in: rows, shape: shape, augmentation: augmentation, generator: &generator)
                let rows = 2 * images.count
                var keys: ContrastiveNetwork.Keys?
                if case let .bank(wanted) = options.negatives {
                    // The image's entry is the positive of both its views.
                    var positives: [Float] = []
                    for image in images {
                        let entry = Array(bank!.entries[(3 * image)..<(3 * image + 3)])
                        positives += entry + entry
                    }
                    keys = .init(positives: positives, negatives: bank!.negatives(wanted, excluding: images, generator: &generator))
                }
                var keyProjections: [Float] = []
                if let queue, let keyParameters {
                    // Keys from the key network; each view's positive is its partner's key.
                    let keyNetwork = try! ContrastiveNetwork(architecture: architecture, parameters: keyParameters)
                    keyProjections = ReferenceContrastiveNetwork.unitRows(keyNetwork.project(views, rows: rows), width: 3)
                    var partners: [Float] = []
                    for row in 0..<rows { partners += keyProjections[(3 * (row ^ 1))..<(3 * (row ^ 1) + 3)] }
                    keys = .init(positives: partners, negatives: queue.entries)
                }
                let result = network.lossAndGradient(views, rows: rows, loss: loss, keys: keys)
                for slot in parameters.indices { optimizer.step(&parameters[slot].values, gradient: result.gradient[slot], slot: slot) }
                bank?.update(batch: images, projections: result.normalizedProjections)
                if queue != nil {
                    queue!.enqueue(keyProjections)
                    let m = options.momentum!
                    for slot in parameters.indices {
                        for i in parameters[slot].values.indices {
                            keyParameters![slot].values[i] = m * keyParameters![slot].values[i] + (1 - m) * parameters[slot].values[i]
                        }
                    }
                }
            }
        }

        /// The held-out pairs in one batch: loss and mean cosines.
        func heldOut(count: Int) -> InfoNCELoss.Result {
            loss.evaluate(network.project(heldOutViews, rows: 2 * count), rows: 2 * count, dimension: 3)
        }
    }

    static let augmentation = RandomAugmentation(maxShift: 1, noiseSigma: 0.05)

    @Test(arguments: [NegativeSource.batch, .bank(count: 10), .queue(count: 7)])
    func twoEpochsFollowTheDocumentedRecipe(negatives: NegativeSource) throws {
        let count = 40, heldOutCount = 12
        let rows = uniformValues(count * 16, seed: 50, 0, 1), heldOut = uniformValues(heldOutCount * 16, seed: 51, 0, 1)
        let options = ContrastiveTraining.Options(temperature: 0.4, negatives: negatives, momentum: 0.6, epochs: 2, batchSize: 16,
                                                  learningRate: 5e-3, seed: 77)
        var training = try ContrastiveTraining(rows: rows, count: count, heldOut: heldOut, heldOutCount: heldOutCount, shape: Self.shape,
                                               augmentation: Self.augmentation, architecture: Self.architecture, options: options)
        var replica = try Replica(heldOut: heldOut, heldOutCount: heldOutCount, count: count, options: options)
        for epoch in 1...2 {
            let report = training.trainEpoch(seconds: { 0 })
            replica.epoch(epoch, rows: rows, count: count, batches: [0..<16, 16..<32, 32..<40])
            #expect(training.network.parameters == replica.parameters, "epoch \(epoch)")
            let heldOutStatistics = try #require(report.heldOut)
            let expected = replica.heldOut(count: heldOutCount)
            #expect(abs(heldOutStatistics.loss - Double(expected.loss)) <= 1e-6)
            #expect(abs(heldOutStatistics.positive - Double(expected.meanPositiveSimilarity)) <= 1e-6)
            #expect(abs(heldOutStatistics.negative - Double(expected.meanNegativeSimilarity)) <= 1e-6)
        }
    }
}
