import Testing
import TensorCore
@testable import EnergyModels

/// The training run: it learns (the exact likelihood of a tiny machine rises), its batches,
/// its seeding contract, and what it rejects.
@Suite struct TrainingTests {
    /// Rows of 8 units near two prototypes (11110000 and 00001111), each unit flipped with
    /// probability 0.1.
    static func prototypeRows(_ count: Int, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let first = generator.below(2) == 0
            return (0..<8).map { i in
                let on = (i < 4) == first
                return generator.unit() < 0.1 ? (on ? 0 : 1) : (on ? 1 : 0)
            }
        }
    }

    static func train(_ rows: [[Double]], method: RBMTraining.Method, epochs: Int, seed: UInt64 = 5,
                      heldOut: [[Double]] = []) throws -> (RBMTraining, [RBMTraining.EpochReport]) {
        var training = try RBMTraining(rows: rows.flatMap { $0.map(Float.init) }, count: rows.count,
                                       heldOut: heldOut.flatMap { $0.map(Float.init) }, heldOutCount: heldOut.count,
                                       hidden: 4, options: .init(method: method, learningRate: 0.1, batchSize: 10, epochs: epochs, seed: seed))
        var reports: [RBMTraining.EpochReport] = []
        training.run(seconds: { 0 }, report: { reports.append($0) })
        return (training, reports)
    }

    /// Persistent CD (scikit-learn's setting: one chain per batch row, one step) lowers the
    /// exact negative log-likelihood of the training rows, computed by enumerating all 2⁸ × 2⁴
    /// states: from 8·log 2 ≈ 5.55 nats for the fresh machine to within 0.6 nats of the data's
    /// entropy (log 2 + 8·H(0.1) ≈ 3.29 nats, the best any model can do on average).
    @Test(arguments: [RBMTraining.Method.persistent(particles: 10, steps: 1), .contrastiveDivergence(steps: 1)])
    func trainingLowersTheExactNegativeLogLikelihood(method: RBMTraining.Method) throws {
        let rows = Self.prototypeRows(200, seed: 1)
        let fresh = try BernoulliRBM(visible: 8, hidden: 4, seed: 5)
        let before = ReferenceRBM(fresh).negativeLogLikelihood(rows)
        let (training, reports) = try Self.train(rows, method: method, epochs: 30)
        let after = ReferenceRBM(training.model).negativeLogLikelihood(rows)
        #expect(abs(before - 8 * 0.693_147) < 0.01)
        #expect(after < 3.29 + 0.6, "NLL \(before) → \(after)")
        #expect(!reports.last!.diverged)
    }

    /// The epoch reports: held-out pseudo-log-likelihood and reconstruction error improve.
    @Test func reportsImprove() throws {
        let rows = Self.prototypeRows(200, seed: 1), heldOut = Self.prototypeRows(100, seed: 2)
        let (_, reports) = try Self.train(rows, method: .persistent(particles: 10, steps: 1), epochs: 20, heldOut: heldOut)
        #expect(reports.map(\.epoch) == Array(1...20))
        let first = try #require(reports.first?.heldOut), last = try #require(reports.last?.heldOut)
        #expect(try #require(last.pseudoLogLikelihood) > (try #require(first.pseudoLogLikelihood)) + 0.5)
        #expect(last.reconstructionError < first.reconstructionError)
        #expect(last.freeEnergy < first.freeEnergy, "the held-out rows' energy is pushed down")
        let training = try #require(reports.last?.training)
        #expect(try #require(training.pseudoLogLikelihood).isFinite && training.reconstructionError < first.reconstructionError)
    }

    @Test(arguments: [RBMTraining.Method.persistent(particles: 7, steps: 2), .contrastiveDivergence(steps: 3)])
    func sameSeedSameBytes(method: RBMTraining.Method) throws {
        let rows = Self.prototypeRows(55, seed: 3), heldOut = Self.prototypeRows(10, seed: 4)
        let (first, firstReports) = try Self.train(rows, method: method, epochs: 3, heldOut: heldOut)
        let (second, secondReports) = try Self.train(rows, method: method, epochs: 3, heldOut: heldOut)
        let (other, _) = try Self.train(rows, method: method, epochs: 3, seed: 6, heldOut: heldOut)
        #expect(first.model == second.model)
        #expect(first.chains == second.chains)
        #expect(firstReports == secondReports)
        #expect(first.model != other.model)
    }

    /// scikit-learn's `gen_even_slices(n_batches * batch_size, n_batches, n_samples=n)`.
    @Test func batchesAreEvenSlices() {
        #expect(RBMTraining.batchRanges(rows: 25, batchSize: 10) == [0..<10, 10..<20, 20..<25])
        #expect(RBMTraining.batchRanges(rows: 30, batchSize: 10) == [0..<10, 10..<20, 20..<30])
        #expect(RBMTraining.batchRanges(rows: 3, batchSize: 10) == [0..<3])
        let ranges = RBMTraining.batchRanges(rows: 1797, batchSize: 10)
        #expect(ranges.count == 180 && ranges.first == 0..<10 && ranges.last == 1790..<1797)
        #expect(ranges.dropLast().allSatisfy { $0.count == 10 })
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }

    @Test func rowsOutsideTheUnitIntervalAreRejected() throws {
        let model = try BernoulliRBM(visible: 3, hidden: 2, seed: 1)
        #expect(throws: Never.self) { try model.validate(rows: [0, 0.5, 1, 1, 0, 0], count: 2) }
        do {
            try model.validate(rows: [0, 0.5, 1, 1, 255, 0], count: 2)
            Issue.record("255 accepted")
        } catch let error as EnergyModelError {
            #expect(error.description.contains("row 1, feature 1 is 255.0, outside [0, 1]"))
            #expect(error.description.contains("scale the rows into [0, 1]"))
        }
        do {
            try model.validate(rows: [0, .nan, 1], count: 1)
            Issue.record("NaN accepted")
        } catch let error as EnergyModelError {
            #expect(error.description == "invalid rows: row 0, feature 1 is nan: every value must be finite")
        }
        #expect(throws: EnergyModelError.self) { try model.validate(rows: [-0.5, 0, 0], count: 1) }
        #expect(throws: EnergyModelError.self) { try model.validate(rows: [0, 0], count: 1) }
        #expect(throws: EnergyModelError.self) {
            try RBMTraining(rows: [0, 2, 0], count: 1, hidden: 2, options: .init())
        }
        #expect(throws: EnergyModelError.self) {
            try RBMTraining(rows: [0, 1, 0], count: 1, heldOut: [0, .infinity, 0], heldOutCount: 1, hidden: 2, options: .init())
        }
    }

    @Test func badOptionsAndSizesAreRejected() throws {
        let rows: [Float] = [0, 1, 0, 1]
        func options(_ method: RBMTraining.Method, rate: Float = 0.1, batch: Int = 10, epochs: Int = 1) -> RBMTraining.Options {
            .init(method: method, learningRate: rate, batchSize: batch, epochs: epochs)
        }
        #expect(throws: EnergyModelError.invalidOption(name: "CD steps", reason: "must be ≥ 1 (CD-k runs k Gibbs steps), got 0")) {
            try RBMTraining(rows: rows, count: 2, hidden: 2, options: options(.contrastiveDivergence(steps: 0)))
        }
        for bad in [options(.persistent(particles: 0, steps: 1)), options(.persistent(particles: 5, steps: 0)),
                    options(.contrastiveDivergence(steps: 1), rate: 0), options(.contrastiveDivergence(steps: 1), rate: .nan),
                    options(.contrastiveDivergence(steps: 1), batch: 0), options(.contrastiveDivergence(steps: 1), epochs: -1)] {
            #expect(throws: EnergyModelError.self) { try RBMTraining(rows: rows, count: 2, hidden: 2, options: bad) }
        }
        #expect(throws: EnergyModelError.invalidRows("no training rows")) {
            try RBMTraining(rows: [], count: 0, hidden: 2, options: .init())
        }
        #expect(throws: EnergyModelError.self) { try RBMTraining(rows: rows, count: 2, hidden: 0, options: .init()) }
        #expect(throws: EnergyModelError.self) {
            try BernoulliRBM(visible: 2, hidden: 1, weights: [0, .nan], visibleBias: [0, 0], hiddenBias: [0])
        }
        #expect(throws: EnergyModelError.self) {
            try BernoulliRBM(visible: 2, hidden: 1, weights: [0], visibleBias: [0, 0], hiddenBias: [0])
        }
    }

    /// A learning rate far too large sends the weights to infinity: the report says so.
    @Test func divergenceIsReported() throws {
        let rows = Self.prototypeRows(50, seed: 1)
        var training = try RBMTraining(rows: rows.flatMap { $0.map(Float.init) }, count: 50, hidden: 4,
                                       options: .init(method: .contrastiveDivergence(steps: 1), learningRate: .greatestFiniteMagnitude, epochs: 1))
        #expect(training.trainEpoch(seconds: { 0 }).diverged)
    }
}
