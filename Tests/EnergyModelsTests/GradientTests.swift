import Testing
import TensorCore
@testable import EnergyModels

/// The gradient estimates against the exact log-likelihood gradient of a tiny machine.
@Suite struct GradientTests {
    static let data: [[Double]] = [[1, 1, 0, 0], [1, 1, 1, 0], [0, 0, 1, 1], [0, 1, 1, 1]]

    /// The statistics' product and means against the definition, summed by hand.
    @Test func gradientIsPositiveMinusNegativeStatistics() throws {
        var generator = SeededGenerator(seed: 3)
        func uniform(_ count: Int) -> [Float] { (0..<count).map { _ in Float(generator.unit()) } }
        let (visible, hidden, rows, negativeRows) = (3, 2, 4, 5)
        let v = uniform(rows * visible), h = uniform(rows * hidden), vn = uniform(negativeRows * visible), hn = uniform(negativeRows * hidden)
        let gradient = RBMGradient(positive: v, positiveHidden: h, rows: rows, negative: vn, negativeHidden: hn, negativeRows: negativeRows)
        for i in 0..<visible {
            for j in 0..<hidden {
                var positive = 0.0, negative = 0.0
                for r in 0..<rows { positive += Double(v[r * visible + i] * h[r * hidden + j]) }
                for r in 0..<negativeRows { negative += Double(vn[r * visible + i] * hn[r * hidden + j]) }
                #expect(abs(Double(gradient.weights[i * hidden + j]) - (positive / 4 - negative / 5)) <= 1e-6)
            }
            let expected = (0..<rows).reduce(0.0) { $0 + Double(v[$1 * visible + i]) } / 4
                - (0..<negativeRows).reduce(0.0) { $0 + Double(vn[$1 * visible + i]) } / 5
            #expect(abs(Double(gradient.visibleBias[i]) - expected) <= 1e-6)
        }
        for j in 0..<hidden {
            let expected = (0..<rows).reduce(0.0) { $0 + Double(h[$1 * hidden + j]) } / 4
                - (0..<negativeRows).reduce(0.0) { $0 + Double(hn[$1 * hidden + j]) } / 5
            #expect(abs(Double(gradient.hiddenBias[j]) - expected) <= 1e-6)
        }
    }

    /// With chains long enough to mix (k = 50 on 4 visible × 3 hidden), the CD-k estimate is an
    /// unbiased estimate of the exact gradient: the mean of 200 seeded estimates (each over the
    /// 4 data rows repeated 25 times) lies within 4.5 standard errors of the exact gradient in
    /// every one of the 19 components. The exact gradient is far from 0 in that unit, so an
    /// estimator with a wrong sign or a missing phase fails.
    @Test func contrastiveDivergenceExpectationIsTheExactGradient() throws {
        let model = try randomRBM(visible: 4, hidden: 3, scale: 0.8, seed: 31)
        let exact = ReferenceRBM(model).logLikelihoodGradient(Self.data)
        let batch = (0..<25).flatMap { _ in Self.data.flatMap { $0.map(Float.init) } }
        var generator = SeededGenerator(seed: 32)
        let estimates = (0..<200).map { _ in
            model.contrastiveDivergenceGradient(batch, rows: 100, steps: 50, generator: &generator).flattened
        }
        let (mean, standardError) = meanAndStandardError(estimates)
        for k in exact.indices {
            #expect(abs(mean[k] - exact[k]) <= 4.5 * standardError[k], "component \(k): \(mean[k]) ± \(standardError[k]), exact \(exact[k])")
        }
        let norm = exact.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(norm > 20 * standardError.max()!)
    }

    /// CD-1's chains have not mixed: its expectation points uphill (cosine with the exact
    /// gradient > 0.9) but is biased, and the bound that CD-50 meets rejects it (a component
    /// beyond 4.5 standard errors): the test above can tell.
    @Test func contrastiveDivergenceOneIsBiasedButAscends() throws {
        let model = try randomRBM(visible: 4, hidden: 3, scale: 0.8, seed: 31)
        let exact = ReferenceRBM(model).logLikelihoodGradient(Self.data)
        let batch = (0..<100).flatMap { _ in Self.data.flatMap { $0.map(Float.init) } }
        var generator = SeededGenerator(seed: 33)
        let (mean, standardError) = meanAndStandardError((0..<200).map { _ in
            model.contrastiveDivergenceGradient(batch, rows: 400, steps: 1, generator: &generator).flattened
        })
        func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        #expect(zip(mean, exact).reduce(0) { $0 + $1.0 * $1.1 } / (norm(mean) * norm(exact)) > 0.9)
        #expect(exact.indices.contains { abs(mean[$0] - exact[$0]) > 4.5 * standardError[$0] })
    }

    /// Persistent chains that have run long under a fixed model give the same expectation.
    @Test func persistentExpectationIsTheExactGradient() throws {
        let model = try randomRBM(visible: 4, hidden: 3, scale: 0.8, seed: 34)
        let exact = ReferenceRBM(model).logLikelihoodGradient(Self.data)
        let batch = Self.data.flatMap { $0.map(Float.init) }
        var chains = PersistentChains(count: 100, hidden: 3)
        var generator = SeededGenerator(seed: 35)
        _ = chains.advance(under: model, steps: 50, generator: &generator)  // burn-in
        // 10 steps between estimates keep them close to independent.
        let estimates = (0..<200).map { _ in
            model.persistentGradient(batch, rows: 4, chains: &chains, steps: 10, generator: &generator).flattened
        }
        let (mean, standardError) = meanAndStandardError(estimates)
        for k in exact.indices {
            #expect(abs(mean[k] - exact[k]) <= 4.5 * standardError[k], "component \(k): \(mean[k]) ± \(standardError[k]), exact \(exact[k])")
        }
    }

    @Test func applyStepsAlongTheGradient() throws {
        var model = try randomRBM(visible: 2, hidden: 2, scale: 1, seed: 36)
        let before = model
        let gradient = RBMGradient(positive: [1, 0], positiveHidden: [1, 1], rows: 1, negative: [0, 1], negativeHidden: [0, 1], negativeRows: 1)
        model.apply(gradient, learningRate: 0.5)
        #expect(model.weights == zip(before.weights, [0.5, 0.5, 0, -0.5]).map { $0 + Float($1) })
        #expect(model.visibleBias == zip(before.visibleBias, [0.5, -0.5]).map { $0 + Float($1) })
        #expect(model.hiddenBias == zip(before.hiddenBias, [0.5, 0]).map { $0 + Float($1) })
    }
}
