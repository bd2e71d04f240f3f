import Foundation
import Testing
import TensorCore
@testable import VariationalCoding

/// The training run: its seeding contract, bit-exact resume, the partial last batch, and that
/// it learns (the held-out bound beats the best model that ignores the latent).
@Suite struct TrainingTests {
    static let architecture = VAEArchitecture(features: 12, hidden: [16], latent: 2, likelihood: .bernoulli)

    /// Rows x = sigmoid(3·A·z + c) with z ~ N(0, I₂): intensities in (0, 1) on a 2-D manifold.
    static func manifoldRows(_ rows: Int, features: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: 1000)  // the same manifold for every seed
        let a = (0..<(2 * features)).map { _ in generator.gaussian() }, c = (0..<features).map { _ in generator.gaussian() }
        var samples = SeededGenerator(seed: seed)
        var x = [Float]()
        for _ in 0..<rows {
            let z = (samples.gaussian(), samples.gaussian())
            for j in 0..<features {
                let t = 3 * (a[2 * j] * z.0 + a[2 * j + 1] * z.1) + c[j]
                x.append(Float(1 / (1 + Foundation.exp(-t))))
            }
        }
        return x
    }

    static func train(epochs: Int, seed: UInt64, rows: [Float], count: Int, batchSize: Int = 8) throws -> VAETraining {
        var training = try VAETraining(rows: rows, count: count, architecture: architecture,
                                       options: .init(beta: 1, epochs: epochs, batchSize: batchSize, learningRate: 3e-3, seed: seed))
        training.run(seconds: { 0 }, report: { _ in })
        return training
    }

    @Test func sameSeedSameParameters() throws {
        let rows = Self.manifoldRows(50, features: 12, seed: 1)
        let first = try Self.train(epochs: 2, seed: 7, rows: rows, count: 50)
        let second = try Self.train(epochs: 2, seed: 7, rows: rows, count: 50)
        let other = try Self.train(epochs: 2, seed: 8, rows: rows, count: 50)
        #expect(first.model == second.model)
        #expect(first.adamState == second.adamState)
        #expect(first.model != other.model)
        let untrained = try VariationalAutoEncoder(architecture: Self.architecture, seed: 7)
        #expect(first.model != untrained)
    }

    /// E epochs in one run equal E₁ epochs, saved (parameters and Adam state through their
    /// public forms), then E₂ resumed: same bytes, same reports.
    @Test func resumeIsBitExact() throws {
        let rows = Self.manifoldRows(45, features: 12, seed: 2), heldOut = Self.manifoldRows(10, features: 12, seed: 3)
        let options = VAETraining.Options(beta: 1.5, epochs: 5, batchSize: 8, learningRate: 2e-3, seed: 11)
        var whole = try VAETraining(rows: rows, count: 45, heldOut: heldOut, heldOutCount: 10, architecture: Self.architecture, options: options)
        var wholeReports: [VAETraining.EpochReport] = []
        whole.run(seconds: { 0 }, report: { wholeReports.append($0) })

        var firstOptions = options
        firstOptions.epochs = 2
        var first = try VAETraining(rows: rows, count: 45, heldOut: heldOut, heldOutCount: 10, architecture: Self.architecture, options: firstOptions)
        var reports: [VAETraining.EpochReport] = []
        first.run(seconds: { 0 }, report: { reports.append($0) })
        let saved = try VariationalAutoEncoder(architecture: Self.architecture, parameters: first.model.parameters)
        var restOptions = options
        restOptions.epochs = 3
        var rest = try VAETraining(rows: rows, count: 45, heldOut: heldOut, heldOutCount: 10, resuming: saved,
                                   adamState: first.adamState, epochsCompleted: first.epochsCompleted, options: restOptions)
        rest.run(seconds: { 0 }, report: { reports.append($0) })

        #expect(rest.model == whole.model)
        #expect(rest.adamState == whole.adamState)
        #expect(rest.epochsCompleted == 5 && rest.adamSteps == whole.adamSteps)
        #expect(reports == wholeReports)
    }

    /// Ten rows in batches of four: three steps an epoch (4, 4 and the partial 2).
    @Test func partialLastBatchIsKept() throws {
        let rows = Self.manifoldRows(10, features: 12, seed: 4)
        let training = try Self.train(epochs: 3, seed: 1, rows: rows, count: 10, batchSize: 4)
        #expect(training.adamSteps == 9)
        #expect(training.epochsCompleted == 3)
    }

    /// The seeding contract: epoch e's generator gives the permutation, then ε in batch order.
    /// With one batch the epoch's training terms are the initial model's on the permuted rows
    /// with that ε, and the held-out terms use ε from the evaluation seed.
    @Test func epochReportFollowsTheSeedingContract() throws {
        let count = 10, seed: UInt64 = 5
        let rows = Self.manifoldRows(count, features: 12, seed: 5), heldOut = Self.manifoldRows(4, features: 12, seed: 6)
        var training = try VAETraining(rows: rows, count: count, heldOut: heldOut, heldOutCount: 4, architecture: Self.architecture,
                                       options: .init(epochs: 1, batchSize: 16, seed: seed))
        let initial = training.model
        let report = training.trainEpoch(seconds: { 0 })

        var generator = SeededGenerator(seed: VAETraining.epochSeed(seed, epoch: 1))
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, generator.below(i + 1)) }
        let permuted = order.flatMap { rows[($0 * 12)..<($0 * 12 + 12)] }
        let epsilon = (0..<(count * 2)).map { _ in Float(generator.gaussian()) }
        let expected = initial.evaluate(permuted, rows: count, noise: .samples(epsilon))
        #expect(abs(report.training.reconstruction - expected.reconstruction) < 1e-9 * expected.reconstruction)
        #expect(abs(report.training.kl - expected.kl) < 1e-9 * expected.kl + 1e-12)

        var evaluation = SeededGenerator(seed: VAETraining.evaluationSeed(seed))
        let heldOutEpsilon = (0..<8).map { _ in Float(evaluation.gaussian()) }
        #expect(report.heldOut == training.model.evaluate(heldOut, rows: 4, noise: .samples(heldOutEpsilon)))
        #expect(VAETraining.epochSeed(seed, epoch: 1) != VAETraining.epochSeed(seed, epoch: 2))
    }

    /// After training, the held-out negative ELBO is well below that of the best model that
    /// ignores the latent (each feature's Bernoulli mean = its training mean, KL = 0), closing at
    /// least a third of the gap to the floor Σ H(x) that no model can pass.
    @Test func trainingLowersTheHeldOutBound() throws {
        let features = 12, count = 800, heldOutCount = 200
        let rows = Self.manifoldRows(count, features: features, seed: 21)
        let heldOut = Self.manifoldRows(heldOutCount, features: features, seed: 22)
        var training = try VAETraining(rows: rows, count: count, heldOut: heldOut, heldOutCount: heldOutCount,
                                       architecture: VAEArchitecture(features: features, hidden: [32], latent: 2, likelihood: .bernoulli),
                                       options: .init(beta: 1, epochs: 30, batchSize: 32, learningRate: 3e-3, seed: 3))
        let untrained = training.evaluateHeldOut()!.negativeELBO
        var last: VAETraining.EpochReport?
        training.run(seconds: { 0 }, report: { last = $0 })
        let trained = last!.heldOut!.negativeELBO

        let means = (0..<features).map { j in (0..<count).reduce(0.0) { $0 + Double(rows[$1 * features + j]) } / Double(count) }
        func crossEntropy(_ x: Double, _ p: Double) -> Double { -(x * Foundation.log(p) + (1 - x) * Foundation.log(1 - p)) }
        var baseline = 0.0, floor = 0.0
        for r in 0..<heldOutCount {
            for j in 0..<features {
                let x = Double(heldOut[r * features + j])
                baseline += crossEntropy(x, means[j])
                floor += crossEntropy(x, x)
            }
        }
        baseline /= Double(heldOutCount)
        floor /= Double(heldOutCount)
        #expect(trained < untrained)
        #expect(trained < baseline - (baseline - floor) / 3,
                "held-out nELBO \(trained), latent-free baseline \(baseline), floor \(floor), untrained \(untrained)")
        #expect(last!.heldOut!.kl > 0.5, "the latent carries information (KL \(last!.heldOut!.kl) nats)")
    }
}
