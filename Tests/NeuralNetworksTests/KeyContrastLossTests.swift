import Foundation
import Testing
import TensorCore
@testable import NeuralNetworks

/// InfoNCE against constant keys: a Double implementation from the formula, central
/// differences of it, and closed forms.
@Suite struct KeyContrastLossTests {
    /// Mean over rows of −log(exp(qₐ·pₐ/τ) / (exp(qₐ·pₐ/τ) + Σₘ exp(qₐ·nₘ/τ))) on unit rows.
    static func reference(_ q: [Double], positives: [Double], negatives: [Double], rows: Int, dimension: Int, temperature: Double) -> Double {
        func unit(_ x: [Double], _ r: Int) -> [Double] {
            let row = Array(x[(r * dimension)..<((r + 1) * dimension)])
            let norm = row.map { $0 * $0 }.reduce(0, +).squareRoot()
            return row.map { $0 / norm }
        }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { $0 * $1 }.reduce(0, +) }
        var loss = 0.0
        for a in 0..<rows {
            let query = unit(q, a)
            let positive = exp(dot(query, unit(positives, a)) / temperature)
            let others = (0..<(negatives.count / dimension)).map { exp(dot(query, unit(negatives, $0)) / temperature) }.reduce(0, +)
            loss += -log(positive / (positive + others))
        }
        return loss / Double(rows)
    }

    @Test(arguments: [(rows: 3, dimension: 4, temperature: Float(0.5), negatives: 5), (5, 3, 0.1, 0), (2, 6, 1, 9)])
    func lossAndGradientMatchTheDoubleReference(rows: Int, dimension: Int, temperature: Float, negatives: Int) {
        let q = InfoNCELossTests.randomRows(rows * dimension, seed: 31)
        let p = InfoNCELossTests.randomRows(rows * dimension, seed: 32).map { 2 * $0 }
        let n = InfoNCELossTests.randomRows(negatives * dimension, seed: 33)
        let result = KeyContrastLoss(temperature: temperature).evaluate(queries: q, positives: p, negatives: n, rows: rows, dimension: dimension)
        let (qd, pd, nd, tau) = (q.map(Double.init), p.map(Double.init), n.map(Double.init), Double(temperature))
        let expected = Self.reference(qd, positives: pd, negatives: nd, rows: rows, dimension: dimension, temperature: tau)
        #expect(abs(Double(result.loss) - expected) <= 1e-5 * max(1, expected))
        let step = 1e-6
        for i in q.indices {
            var plus = qd, minus = qd
            plus[i] += step
            minus[i] -= step
            let numeric = (Self.reference(plus, positives: pd, negatives: nd, rows: rows, dimension: dimension, temperature: tau)
                - Self.reference(minus, positives: pd, negatives: nd, rows: rows, dimension: dimension, temperature: tau)) / (2 * step)
            #expect(abs(Double(result.gradient[i]) - numeric) <= 1e-3 * abs(numeric) + 1e-4, "∂L/∂q[\(i)]")
        }
    }

    /// Queries, positives and negatives all one direction: every logit is 1/τ, so
    /// L = log(1 + M) at any τ, and the gradient is zero (a unit row cannot move along itself).
    @Test func identicalKeysGiveLogOfOnePlusTheNegatives() {
        let direction: [Float] = [0.6, -0.8, 0]
        let rows = 4, negatives = 7
        let q = Array([[Float]](repeating: direction.map { 3 * $0 }, count: rows).joined())
        let p = Array([[Float]](repeating: direction, count: rows).joined())
        let n = Array([[Float]](repeating: direction.map { 0.5 * $0 }, count: negatives).joined())
        for temperature: Float in [0.1, 1] {
            let result = KeyContrastLoss(temperature: temperature).evaluate(queries: q, positives: p, negatives: n, rows: rows, dimension: 3)
            #expect(abs(Double(result.loss) - log(Double(1 + negatives))) <= 1e-5)
            #expect(result.gradient.allSatisfy { abs($0) <= 1e-5 })
            #expect(abs(result.meanPositiveSimilarity - 1) <= 1e-6 && abs(result.meanNegativeSimilarity - 1) <= 1e-6)
        }
    }

    /// Each query equal to its positive and orthogonal to every negative: L = log(1 + M·e^(−1/τ)).
    @Test func orthogonalNegativesGiveTheClosedForm() {
        let q: [Float] = [1, 0, 0, 0, 1, 0], negatives: [Float] = [0, 0, 1, 0, 0, -2]
        let result = KeyContrastLoss(temperature: 0.25).evaluate(queries: q, positives: q, negatives: negatives, rows: 2, dimension: 3)
        #expect(abs(Double(result.loss) - log(1 + 2 * exp(-4.0))) <= 1e-6)
        #expect(result.meanNegativeSimilarity == 0)
    }
}
