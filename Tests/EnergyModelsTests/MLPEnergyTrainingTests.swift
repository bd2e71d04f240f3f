import Foundation
import Testing
import TensorCore
@testable import EnergyModels

/// Contrastive divergence on a ring of points: after training, held-out ring points have lower
/// energy than uniform points of the box (the margin the contrastive term is meant to create).
@Suite struct MLPEnergyTrainingTests {
    /// `count` points on the unit circle with noise 0.05, seeded.
    static func ring(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).flatMap { _ -> [Float] in
            let angle = 2 * Double.pi * generator.unit()
            return [Float(cos(angle) + 0.05 * generator.gaussian()), Float(sin(angle) + 0.05 * generator.gaussian())]
        }
    }

    static func mean(_ values: [Float]) -> Double { values.reduce(0.0) { $0 + Double($1) } / Double(values.count) }

    /// CD-20 from the data (α 0.1) and PCD with 256 chains (α 0.01): measured margins 5.3 and
    /// 1.1 after 60 epochs, from 0.002 untrained. PCD's chains wander the whole box (and 5% of
    /// them restart anywhere), so its negatives sit where the model puts mass and its margin
    /// is the smaller.
    @Test(arguments: [(nil, 0.1, 2.0), (256, 0.01, 0.5)] as [(Int?, Float, Double)])
    func trainingMakesAMarginBetweenDataAndUniformPoints(particles: Int?, alpha: Float, wanted: Double) throws {
        let points = Self.ring(512, seed: 1), heldOut = Self.ring(256, seed: 2)
        let options = MLPEnergyTraining.Options(particles: particles, regularization: alpha, epochs: 0, batchSize: 64, learningRate: 1e-2, seed: 4)
        var training = try MLPEnergyTraining(points: points, count: 512, hidden: [32, 32], sampler: LangevinSampler(stepSize: 0.01, steps: 20),
                                             options: options)
        let uniform = training.uniformPoints(256, seed: 5)
        let before = Self.mean(training.energy.energies(uniform, rows: 256)) - Self.mean(training.energy.energies(heldOut, rows: 256))
        for _ in 0..<60 { _ = training.trainEpoch() }
        let after = Self.mean(training.energy.energies(uniform, rows: 256)) - Self.mean(training.energy.energies(heldOut, rows: 256))
        #expect(abs(before) < 0.1 && after > wanted, "margin \(before) → \(after)")
    }

    @Test func sameSeedSameBytesAndChainsStayInUse() throws {
        func run(_ seed: UInt64) throws -> MLPEnergyTraining {
            var training = try MLPEnergyTraining(points: Self.ring(64, seed: 1), count: 64, hidden: [8],
                                                 sampler: LangevinSampler(stepSize: 0.01, steps: 3),
                                                 options: .init(particles: 16, batchSize: 16, seed: seed))
            for _ in 0..<2 { _ = training.trainEpoch() }
            return training
        }
        let a = try run(7), b = try run(7), c = try run(8)
        #expect(a.energy == b.energy && a.chains == b.chains)
        #expect(a.energy != c.energy)
        #expect(a.chains.count == 32 && a.epochsCompleted == 2)
        #expect(a.box.count == 2 && a.box.allSatisfy { $0.lower < -1 && $0.upper > 1 })
    }

    /// Points of no coordinate, non-finite points and options out of range are errors, not traps.
    @Test func badPointsAndOptionsAreErrors() {
        let sampler = LangevinSampler(stepSize: 0.01, steps: 1)
        #expect(throws: EnergyModelError.self) { try MLPEnergyTraining(points: [], count: 5, hidden: [4], sampler: sampler, options: .init()) }
        #expect(throws: EnergyModelError.self) { try MLPEnergyTraining(points: [0, .nan], count: 1, hidden: [4], sampler: sampler, options: .init()) }
        #expect(throws: EnergyModelError.self) { try MLPEnergyTraining(points: [0, 1], count: 1, hidden: [], sampler: sampler, options: .init()) }
        #expect(throws: EnergyModelError.self) { try MLPEnergyTraining(points: [0, 1], count: 1, hidden: [4], sampler: sampler, options: .init(batchSize: 0)) }
        #expect(throws: EnergyModelError.self) { try MLPEnergyTraining(points: [0, 1], count: 1, hidden: [4], sampler: sampler, options: .init(restart: 2)) }
    }
}
