import Testing
import Augmentation
import TensorCore
@testable import ContrastiveLearning

/// Training runs: seeded bytes, option and data errors, and a toy problem on which training
/// must widen the held-out positive/negative gap and lower the held-out loss.
@Suite struct ContrastiveTrainingTests {
    static let shape = ImageShape(channels: 1, height: 4, width: 4)

    /// Four fixed 4×4 patterns (a bar across, a bar down, a diagonal, a corner block) and
    /// `count` noisy copies, image i a copy of pattern i mod 4 plus noise uniform in ±0.15.
    static func toyImages(_ count: Int, seed: UInt64) -> [Float] {
        var prototypes = [[Float]](repeating: [Float](repeating: 0, count: 16), count: 4)
        for k in 0..<4 {
            prototypes[0][1 * 4 + k] = 1
            prototypes[1][k * 4 + 2] = 1
            prototypes[2][k * 4 + k] = 1
        }
        for (y, x) in [(2, 2), (2, 3), (3, 2), (3, 3)] { prototypes[3][y * 4 + x] = 1 }
        let noise = uniformValues(count * 16, seed: seed, -0.15, 0.15)
        var images = noise
        for index in images.indices { images[index] += prototypes[index / 16 % 4][index % 16] }
        return images
    }

    static let architecture = ContrastiveArchitecture(features: 16, hidden: [32], dimension: 8)

    static func run(_ options: ContrastiveTraining.Options, training: Int = 64, heldOut: Int = 32) throws -> ContrastiveTraining {
        try ContrastiveTraining(rows: toyImages(training, seed: 1), count: training, heldOut: toyImages(heldOut, seed: 2),
                                heldOutCount: heldOut, shape: shape, augmentation: RandomAugmentation(maxShift: 1),
                                architecture: architecture, options: options)
    }

    static func options(_ negatives: NegativeSource = .batch, seed: UInt64 = 3, momentum: Float = 0.5) -> ContrastiveTraining.Options {
        ContrastiveTraining.Options(temperature: 0.5, negatives: negatives, momentum: momentum, epochs: 2, batchSize: 16,
                                    learningRate: 1e-2, seed: seed)
    }

    /// Two epochs with a clock that always reads 0, so whole reports can be compared.
    static func twoEpochs(_ options: ContrastiveTraining.Options) throws -> (network: ContrastiveNetwork, reports: [ContrastiveTraining.EpochReport]) {
        var training = try run(options)
        let reports = (0..<2).map { _ in training.trainEpoch(seconds: { 0 }) }
        return (training.network, reports)
    }

    @Test(arguments: [NegativeSource.batch, .bank(count: 20), .queue(count: 24)])
    func sameSeedSameBytesOtherSeedOtherBytes(negatives: NegativeSource) throws {
        let first = try Self.twoEpochs(Self.options(negatives))
        let second = try Self.twoEpochs(Self.options(negatives))
        #expect(first.network.parameters == second.network.parameters)
        #expect(first.reports == second.reports)
        #expect(first.reports.map(\.epoch) == [1, 2])
        #expect(first.reports.allSatisfy { !$0.diverged && $0.heldOut != nil })
        let other = try Self.twoEpochs(Self.options(negatives, seed: 4))
        #expect(other.network.parameters != first.network.parameters)
        // Training moved the weights.
        #expect(first.network != (try ContrastiveNetwork(architecture: Self.architecture, seed: 3)))
    }

    /// The bank's and queue's rows reach the loss (other weights than in-batch negatives
    /// alone), and the bank's entries move (its momentum matters).
    @Test func bankAndQueueChangeTheRun() throws {
        let batch = try Self.twoEpochs(Self.options(.batch)).network
        let bank = try Self.twoEpochs(Self.options(.bank(count: 20))).network
        let queue = try Self.twoEpochs(Self.options(.queue(count: 24))).network
        #expect(bank != batch && queue != batch && bank != queue)
        let stillBank = try Self.twoEpochs(Self.options(.bank(count: 20), momentum: 0)).network
        let slowBank = try Self.twoEpochs(Self.options(.bank(count: 20), momentum: 0.9)).network
        #expect(stillBank != slowBank)
        // Bank draws are counted in the training loss: more candidates, a larger loss at the
        // first epoch than in-batch negatives alone give (log(2B − 1 + M) against log(2B − 1)
        // for an untrained net).
        let batchFirst = try Self.twoEpochs(Self.options(.batch)).reports[0].training.loss
        let bankFirst = try Self.twoEpochs(Self.options(.bank(count: 20))).reports[0].training.loss
        #expect(bankFirst > batchFirst)
    }

    /// An untrained network's held-out loss and gap against those after a few epochs on four
    /// patterns with views shifted by up to one pixel. The untrained network maps every image
    /// to nearly one direction (cosines ≈ 0.93). The bank and queue hold more negatives than
    /// the batch's 30: when they were only extra negatives (no positive key), such a run sat
    /// on that plateau for tens of epochs or collapsed.
    @Test(arguments: [NegativeSource.batch, .bank(count: 32), .queue(count: 32)])
    func trainingWidensTheHeldOutGapAndLowersItsLoss(negatives: NegativeSource) throws {
        var options = Self.options(negatives)
        options.epochs = 8
        var training = try Self.run(options)
        let before = try #require(training.evaluateHeldOut())
        var last: ContrastiveTraining.EpochReport?
        for _ in 0..<options.epochs { last = training.trainEpoch(seconds: { 0 }) }
        let after = try #require(last?.heldOut)
        #expect(after == training.evaluateHeldOut())
        #expect(after.loss < before.loss - 0.3, "held-out loss \(before.loss) → \(after.loss)")
        #expect(after.gap > before.gap + 0.3, "held-out gap \(before.gap) → \(after.gap)")
    }

    @Test func heldOutViewsAreFixedAndOptional() throws {
        let training = try Self.run(Self.options())
        #expect(training.evaluateHeldOut() == training.evaluateHeldOut())
        var without = try ContrastiveTraining(rows: Self.toyImages(8, seed: 1), count: 8, shape: Self.shape,
                                              augmentation: RandomAugmentation(maxShift: 1), architecture: Self.architecture,
                                              options: Self.options())
        #expect(without.evaluateHeldOut() == nil)
        #expect(without.trainEpoch(seconds: { 0 }).heldOut == nil)
    }

    @Test func batchesCoverEveryImageOnceAndNeverHoldOne() throws {
        var options = Self.options()
        options.batchSize = 4
        let training = try Self.run(options)
        #expect(training.batches(of: 10) == [0..<4, 4..<8, 8..<10])
        #expect(training.batches(of: 9) == [0..<4, 4..<9])
        #expect(training.batches(of: 8) == [0..<4, 4..<8])
        #expect(training.batches(of: 3) == [0..<3])
        #expect(training.batches(of: 2) == [0..<2])
    }

    @Test func badOptionsAreRejectedByName() {
        func with(_ change: (inout ContrastiveTraining.Options) -> Void) -> ContrastiveTraining.Options {
            var options = Self.options()
            change(&options)
            return options
        }
        let cases: [(ContrastiveTraining.Options, String)] = [
            (with { $0.temperature = 0 }, "temperature"), (with { $0.temperature = -1 }, "temperature"),
            (with { $0.temperature = .nan }, "temperature"), (with { $0.temperature = .infinity }, "temperature"),
            (with { $0.momentum = -0.1 }, "momentum"), (with { $0.momentum = 1 }, "momentum"), (with { $0.momentum = .nan }, "momentum"),
            (with { $0.epochs = -1 }, "epochs"), (with { $0.batchSize = 1 }, "batch size"), (with { $0.batchSize = 0 }, "batch size"),
            (with { $0.learningRate = 0 }, "learning rate"), (with { $0.learningRate = .nan }, "learning rate"),
            (with { $0.learningRate = -1e-3 }, "learning rate"), (with { $0.threads = 0 }, "threads"),
        ]
        for (options, name) in cases {
            do {
                try options.validate()
                Issue.record("\(name): \(options) accepted")
            } catch let ContrastiveLearningError.invalidOption(found, _) {
                #expect(found == name)
            } catch {
                Issue.record("\(name): \(error)")
            }
            #expect(throws: ContrastiveLearningError.self) { _ = try Self.run(options) }
        }
        #expect(throws: Never.self) { try with { $0.epochs = 0; $0.momentum = 0; $0.batchSize = 2; $0.threads = 1 }.validate() }
    }

    @Test func dataThatCannotTrainIsRejected() {
        let augmentation = RandomAugmentation(maxShift: 1), options = Self.options()
        func attempt(rows: [Float], count: Int, heldOut: [Float] = [], heldOutCount: Int = 0,
                     architecture: ContrastiveArchitecture = Self.architecture) throws {
            _ = try ContrastiveTraining(rows: rows, count: count, heldOut: heldOut, heldOutCount: heldOutCount, shape: Self.shape,
                                        augmentation: augmentation, architecture: architecture, options: options)
        }
        func reason(_ body: () throws -> Void) -> String? {
            do { try body() } catch let error as ContrastiveLearningError { return error.description } catch { return "\(error)" }
            return nil
        }
        let one = Self.toyImages(1, seed: 1), eight = Self.toyImages(8, seed: 1)
        #expect(reason { try attempt(rows: one, count: 1) }?.contains("1 training rows") == true)
        #expect(reason { try attempt(rows: [], count: 0) }?.contains("0 training rows") == true)
        #expect(reason { try attempt(rows: eight, count: 8, heldOut: one, heldOutCount: 1) }?.contains("1 held-out row") == true)
        #expect(reason { try attempt(rows: eight, count: 7) }?.contains("values are not 7 rows") == true)
        #expect(reason { try attempt(rows: eight, count: 8, heldOut: eight, heldOutCount: 3) }?.contains("values are not 3 rows") == true)
        var poisoned = eight
        poisoned[5 * 16 + 3] = .nan
        #expect(reason { try attempt(rows: poisoned, count: 8) }?.contains("row 5 has a non-finite") == true)
        #expect(reason { try attempt(rows: eight, count: 8, heldOut: poisoned, heldOutCount: 8) }?.contains("row 5") == true)
        let wide = ContrastiveArchitecture(features: 25, hidden: [4], dimension: 2)
        #expect(reason { try attempt(rows: eight, count: 8, architecture: wide) }?.contains("25 features are not images of 1x4x4") == true)
        #expect(reason { try attempt(rows: eight, count: 8) } == nil)
        #expect(reason { try attempt(rows: eight, count: 8, heldOut: Self.toyImages(2, seed: 3), heldOutCount: 2) } == nil)
    }
}
