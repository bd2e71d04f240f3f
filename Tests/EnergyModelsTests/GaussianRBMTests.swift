import Testing
import TensorCore
@testable import EnergyModels

/// The Gaussian–Bernoulli RBM (real visible units of unit variance) against brute force over
/// the hidden states and numerical integration over the visible units (`ReferenceGaussianRBM`).
@Suite struct GaussianRBMTests {
    static let data: [[Double]] = [[1.5, -0.5, 0.2, 2.0], [-1.0, 0.3, 1.1, 0.0], [0.4, 2.2, -1.3, 0.7], [2.5, -2.0, 0.0, -0.4]]

    @Test func energyAndFreeEnergyMatchBruteForce() throws {
        let model = try randomGaussianRBM(visible: 4, hidden: 3, scale: 0.8, seed: 61)
        let reference = ReferenceGaussianRBM(model)
        let free = model.freeEnergy(Self.data.flatMap { $0.map(Float.init) }, rows: 4)
        for (r, v) in Self.data.enumerated() {
            #expect(abs(Double(free[r]) - reference.freeEnergy(v)) <= 1e-4 * max(1, abs(reference.freeEnergy(v))))
            for h in ReferenceRBM.states(3) {
                let e = model.energy(visible: v.map(Float.init), hidden: h.map(Float.init))
                #expect(abs(e - reference.energy(v, h)) <= 1e-5 * max(1, abs(e)))
            }
        }
    }

    @Test func conditionalsMatchBruteForceAndIntegration() throws {
        let model = try randomGaussianRBM(visible: 4, hidden: 3, scale: 0.8, seed: 62)
        let reference = ReferenceGaussianRBM(model)
        let p = model.hiddenProbabilities(Self.data.flatMap { $0.map(Float.init) }, rows: 4)
        for (r, v) in Self.data.enumerated() {
            for (j, expected) in reference.hiddenProbabilities(v).enumerated() { #expect(abs(Double(p[r * 3 + j]) - expected) <= 1e-5) }
        }
        let hs = ReferenceRBM.states(3)
        let means = model.visibleMeans(hs.flatMap { $0.map(Float.init) }, rows: hs.count)
        for (r, h) in hs.enumerated() {
            for (i, expected) in reference.visibleMeans(h).enumerated() { #expect(abs(Double(means[r * 4 + i]) - expected) <= 1e-4) }
        }
    }

    /// Long chains have the model's marginals: the mean of every visible unit and the frequency
    /// of every hidden unit, within 4.5 standard errors of the integrated values.
    @Test func gibbsChainsFollowTheModel() throws {
        let model = try randomGaussianRBM(visible: 4, hidden: 3, scale: 0.6, seed: 63)
        let reference = ReferenceGaussianRBM(model)
        var generator = SeededGenerator(seed: 64)
        let count = 20_000
        let (states, _) = model.sample(count: count, steps: 30, generator: &generator)
        let rows = (0..<count).map { r in (0..<4).map { Double(states[r * 4 + $0]) } }
        let (mean, standardError) = meanAndStandardError(rows)
        var expected = [Double](repeating: 0, count: 4)
        for (h, p) in zip(ReferenceRBM.states(3), reference.hiddenDistribution) {
            for (i, m) in reference.visibleMeans(h).enumerated() { expected[i] += p * m }
        }
        for i in 0..<4 { #expect(abs(mean[i] - expected[i]) <= 4.5 * standardError[i], "unit \(i): \(mean[i]) ± \(standardError[i]), exact \(expected[i])") }
        #expect(states.contains { $0 != $0.rounded() }, "Gaussian visible samples are real, not binary")
    }

    /// Persistent chains that have mixed under a fixed model estimate the exact gradient.
    @Test func persistentExpectationIsTheExactGradient() throws {
        let model = try randomGaussianRBM(visible: 4, hidden: 3, scale: 0.6, seed: 65)
        let exact = ReferenceGaussianRBM(model).logLikelihoodGradient(Self.data)
        let batch = Self.data.flatMap { $0.map(Float.init) }
        var chains = PersistentChains(count: 100, hidden: 3)
        var generator = SeededGenerator(seed: 66)
        _ = chains.advance(under: model, steps: 50, generator: &generator)
        let estimates = (0..<200).map { _ in
            model.persistentGradient(batch, rows: 4, chains: &chains, steps: 10, generator: &generator).flattened
        }
        let (mean, standardError) = meanAndStandardError(estimates)
        for k in exact.indices {
            #expect(abs(mean[k] - exact[k]) <= 4.5 * standardError[k], "component \(k): \(mean[k]) ± \(standardError[k]), exact \(exact[k])")
        }
        let norm = exact.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(norm > 20 * standardError.max()!)
    }

    /// Trained by persistent CD on exact samples of a teacher machine, a fresh machine's exact
    /// held-out log-likelihood climbs to within 0.1 nats of the teacher's (measured: −33.6 at
    /// the start, −5.686 after 30 epochs, the teacher −5.686).
    @Test func trainingRaisesTheExactLikelihood() throws {
        let teacher = ReferenceGaussianRBM(try randomGaussianRBM(visible: 4, hidden: 3, scale: 1.2, seed: 67))
        var generator = SeededGenerator(seed: 68)
        let train = teacher.samples(2000, generator: &generator), test = teacher.samples(500, generator: &generator)
        var training = try RBMTraining(rows: train.flatMap { $0.map(Float.init) }, count: 2000, hidden: 3, visibleUnits: .gaussian,
                                       options: .init(method: .persistent(particles: 100, steps: 1), learningRate: 0.01, batchSize: 20,
                                                      epochs: 30, seed: 69))
        let before = ReferenceGaussianRBM(training.model).meanLogLikelihood(test)
        training.run(seconds: { 0 }, report: { _ in })
        let after = ReferenceGaussianRBM(training.model).meanLogLikelihood(test)
        let best = teacher.meanLogLikelihood(test)
        #expect(best > before + 0.5, "the teacher is much more likely than the untrained machine: \(best) vs \(before)")
        #expect(after >= best - 0.1, "log-likelihood \(before) → \(after), teacher \(best)")
    }

    @Test func rowsNeedOnlyBeFinite() throws {
        let gaussian = try BernoulliRBM(visible: 2, hidden: 1, visibleUnits: .gaussian, seed: 1)
        try gaussian.validate(rows: [3.5, -2, 0, 1e6], count: 2)
        #expect(throws: EnergyModelError.self) { try gaussian.validate(rows: [0, .nan], count: 1) }
        let binary = try BernoulliRBM(visible: 2, hidden: 1, seed: 1)
        #expect { try binary.validate(rows: [3.5, 0], count: 1) } throws: { "\($0)".contains("Gaussian visible units") }
    }

    /// The evaluation reports no pseudo-log-likelihood for real rows, and the mean free energy.
    @Test func evaluationOfGaussianRows() throws {
        let rows = Self.data.flatMap { $0.map(Float.init) }
        let training = try RBMTraining(rows: rows, count: 4, heldOut: rows, heldOutCount: 4, hidden: 3, visibleUnits: .gaussian,
                                       options: .init(method: .contrastiveDivergence(steps: 1), learningRate: 0.01, batchSize: 2, epochs: 1, seed: 2))
        let evaluation = try #require(training.evaluateHeldOut())
        #expect(evaluation.pseudoLogLikelihood == nil)
        let reference = ReferenceGaussianRBM(training.model)
        let expected = Self.data.reduce(0) { $0 + reference.freeEnergy($1) } / 4
        #expect(abs(evaluation.freeEnergy - expected) <= 1e-4 * max(1, abs(expected)))
    }
}
