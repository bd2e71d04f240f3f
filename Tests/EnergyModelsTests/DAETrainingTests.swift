import Testing
import TensorCore
@testable import EnergyModels

/// Training: the seeding contract, that it learns a manifold (held-out energy falls), that the
/// energy grows with the distance from the data, and that bad input is rejected.
@Suite struct DAETrainingTests {
    static let features = 10
    static let architecture = DAEArchitecture(features: features, hidden: 16, activation: .sigmoid, reconstruction: .squaredError)

    static func train(epochs: Int, seed: UInt64, rows: [Float], count: Int, heldOut: [Float] = [], heldOutCount: Int = 0,
                      architecture: DAEArchitecture = architecture,
                      corruption: Corruption = .gaussian(standardDeviation: 0.1)) throws -> (DAETraining, [DAETraining.EpochReport]) {
        var training = try DAETraining(rows: rows, count: count, heldOut: heldOut, heldOutCount: heldOutCount, architecture: architecture,
                                       options: .init(corruption: corruption, epochs: epochs, batchSize: 16, learningRate: 1e-2, seed: seed))
        var reports: [DAETraining.EpochReport] = []
        training.run(seconds: { 0 }, report: { reports.append($0) })
        return (training, reports)
    }

    @Test(arguments: [Corruption.gaussian(standardDeviation: 0.2), .mask(probability: 0.3), .saltAndPepper(probability: 0.2)])
    func sameSeedSameBytes(_ corruption: Corruption) throws {
        var data = DAETestRows(seed: 1)
        let rows = data.curve(70, features: Self.features), heldOut = data.curve(20, features: Self.features)
        let first = try Self.train(epochs: 2, seed: 3, rows: rows, count: 70, heldOut: heldOut, heldOutCount: 20, corruption: corruption)
        let second = try Self.train(epochs: 2, seed: 3, rows: rows, count: 70, heldOut: heldOut, heldOutCount: 20, corruption: corruption)
        let other = try Self.train(epochs: 2, seed: 4, rows: rows, count: 70, heldOut: heldOut, heldOutCount: 20, corruption: corruption)
        #expect(first.0.model == second.0.model)
        #expect(first.1 == second.1)
        #expect(first.0.model != other.0.model)
        // 70 rows in batches of 16: four full batches and one of 6, per epoch.
        #expect(first.0.adamSteps == 10)
    }

    /// The bytes do not depend on the number of threads the matrix products use.
    @Test func threadCountDoesNotChangeTheBytes() throws {
        var data = DAETestRows(seed: 5)
        let rows = data.curve(300, features: Self.features)
        var models: [DenoisingAutoEncoder] = []
        for threads in [1, 2] {
            var training = try DAETraining(rows: rows, count: 300, architecture: Self.architecture,
                                           options: .init(epochs: 2, batchSize: 128, seed: 1, threads: threads))
            training.run(seconds: { 0 }, report: { _ in })
            models.append(training.model)
        }
        #expect(models[0] == models[1])
    }

    /// On rows from a closed curve, the held-out energy and denoising error fall well below the
    /// untrained network's, and end below the error of predicting the mean row.
    @Test func heldOutEnergyFallsOnAManifold() throws {
        var data = DAETestRows(seed: 2)
        let count = 600, heldOutCount = 200
        let rows = data.curve(count, features: Self.features), heldOut = data.curve(heldOutCount, features: Self.features)
        let untrained = try DenoisingAutoEncoder(architecture: Self.architecture, seed: 5)
        let before = untrained.energies(heldOut, rows: heldOutCount).reduce(0, +) / Double(heldOutCount)
        let (_, reports) = try Self.train(epochs: 40, seed: 5, rows: rows, count: count, heldOut: heldOut, heldOutCount: heldOutCount)
        let after = try #require(reports.last?.heldOut)
        // The mean row's squared error: the total variance of the held-out rows.
        var meanRow = [Double](repeating: 0, count: Self.features)
        for (i, v) in heldOut.enumerated() { meanRow[i % Self.features] += Double(v) / Double(heldOutCount) }
        let totalVariance = heldOut.enumerated().reduce(0.0) { $0 + (Double($1.1) - meanRow[$1.0 % Self.features]) * (Double($1.1) - meanRow[$1.0 % Self.features]) } / Double(heldOutCount)
        #expect(after.energy < 0.2 * before, "held-out energy \(before) → \(after.energy)")
        #expect(after.energy < 0.25 * totalVariance, "held-out energy \(after.energy), mean row's \(totalVariance)")
        #expect(after.denoising < 0.25 * totalVariance, "held-out denoising error \(after.denoising), mean row's \(totalVariance)")
        #expect(reports.allSatisfy { !$0.diverged })
        #expect(try #require(reports.first?.heldOut).energy > after.energy)
    }

    /// After training, the energy of a corrupted sample grows with its distance from the clean
    /// one: mean energy at σ 0 < 0.05 < 0.1 < 0.3, and quadratically (the lecture): tripling σ
    /// multiplies the energy by about 9 (a linear growth would give 3).
    @Test func energyGrowsWithTheDistanceFromTheData() throws {
        var data = DAETestRows(seed: 3)
        let count = 600, heldOutCount = 200
        let rows = data.curve(count, features: Self.features), heldOut = data.curve(heldOutCount, features: Self.features)
        let (training, _) = try Self.train(epochs: 40, seed: 6, rows: rows, count: count)
        let model = training.model
        func meanEnergy(at sigma: Float) -> Double {
            var generator = SeededGenerator(seed: 11)
            let corrupted = Corruption.gaussian(standardDeviation: sigma).apply(to: heldOut, generator: &generator)
            return model.energies(corrupted, rows: heldOutCount).reduce(0, +) / Double(heldOutCount)
        }
        let clean = model.energies(heldOut, rows: heldOutCount).reduce(0, +) / Double(heldOutCount)
        let energies = [clean] + [Float(0.05), 0.1, 0.3].map(meanEnergy)
        for (lower, higher) in zip(energies, energies.dropFirst()) {
            #expect(lower < higher, "energies at σ 0, 0.05, 0.1, 0.3: \(energies)")
        }
        let ratio = energies[3] / energies[2]
        #expect(ratio > 6 && ratio < 12, "energy at σ 0.3 / at σ 0.1 = \(ratio)")
    }

    /// Restoring a corrupted held-out row brings it closer to the clean row than the corrupted
    /// row and than the mean row (with the cross-entropy and masking, as on digits).
    @Test func restoreDenoises() throws {
        var data = DAETestRows(seed: 4)
        let count = 600, heldOutCount = 200
        let architecture = DAEArchitecture(features: Self.features, hidden: 16, activation: .sigmoid, tied: true, reconstruction: .crossEntropy)
        let rows = data.curve(count, features: Self.features), heldOut = data.curve(heldOutCount, features: Self.features)
        let corruption = Corruption.mask(probability: 0.3)
        let (training, _) = try Self.train(epochs: 40, seed: 7, rows: rows, count: count, architecture: architecture, corruption: corruption)
        var generator = SeededGenerator(seed: 12)
        let corrupted = corruption.apply(to: heldOut, generator: &generator)
        let restored = training.model.restore(corrupted, rows: heldOutCount)
        func squaredDistance(_ a: [Float]) -> Double { zip(a, heldOut).reduce(0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } }
        #expect(restored.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(squaredDistance(restored) < 0.5 * squaredDistance(corrupted),
                "restored \(squaredDistance(restored)), corrupted \(squaredDistance(corrupted))")
        let meanRow = (0..<Self.features).map { j in (0..<count).reduce(Float(0)) { $0 + rows[$1 * Self.features + j] } / Float(count) }
        let meanRows = (0..<heldOutCount).flatMap { _ in meanRow }
        #expect(squaredDistance(restored) < 0.5 * squaredDistance(meanRows),
                "restored \(squaredDistance(restored)), mean row \(squaredDistance(meanRows))")
    }

    @Test func badInputIsRejected() throws {
        let architecture = DAEArchitecture(features: 3, hidden: 2, reconstruction: .crossEntropy)
        let options = DAETraining.Options(epochs: 1)
        func expectError(_ error: DenoisingAutoEncoderError, _ body: () throws -> Void) {
            #expect(throws: error) { try body() }
        }
        expectError(.invalidRows("no training rows")) {
            _ = try DAETraining(rows: [], count: 0, architecture: architecture, options: options)
        }
        expectError(.invalidRows("row 1 has the value 1.5 outside [0, 1], which the cross-entropy needs (scale the rows to [0, 1] or use the squared error)")) {
            _ = try DAETraining(rows: [0, 0.5, 1, 1.5, 0, 0], count: 2, architecture: architecture, options: options)
        }
        expectError(.invalidRows("row 0 has a non-finite value (nan)")) {
            _ = try DAETraining(rows: [0, .nan, 1], count: 1, architecture: architecture, options: options)
        }
        expectError(.invalidRows("5 values are not 2 rows of 3 features")) {
            _ = try DAETraining(rows: [0, 0, 0, 0, 0], count: 2, architecture: architecture, options: options)
        }
        expectError(.invalidRows("row 0 has a non-finite value (inf)")) {
            _ = try DAETraining(rows: [0, 0, 0], count: 1, heldOut: [.infinity, 0, 0], heldOutCount: 1, architecture: architecture, options: options)
        }
        expectError(.invalidArchitecture("hidden units must be at least 1, got 0")) {
            _ = try DAETraining(rows: [0, 0, 0], count: 1, architecture: DAEArchitecture(features: 3, hidden: 0, reconstruction: .squaredError), options: options)
        }
        expectError(.invalidOption(name: "batch size", reason: "must be ≥ 1, got 0")) {
            _ = try DAETraining(rows: [0, 0, 0], count: 1, architecture: architecture, options: .init(batchSize: 0))
        }
        expectError(.invalidOption(name: "learning rate", reason: "must be finite and > 0, got nan")) {
            _ = try DAETraining(rows: [0, 0, 0], count: 1, architecture: architecture, options: .init(learningRate: .nan))
        }
        expectError(.invalidCorruption("the probability of mask:1.0 must be in [0, 1), got 1.0")) {
            _ = try DAETraining(rows: [0, 0, 0], count: 1, architecture: architecture, options: .init(corruption: .mask(probability: 1)))
        }
        // Real-valued rows outside [0, 1] are fine for the squared error.
        _ = try DAETraining(rows: [-2, 0.5, 3], count: 1, architecture: DAEArchitecture(features: 3, hidden: 2, reconstruction: .squaredError), options: options)
    }
}
