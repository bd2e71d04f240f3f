import Foundation
import Testing
import TensorCore
@testable import NeuralNetworks

/// NT-Xent against a Double implementation written here from the formula, its gradient against
/// central differences of that implementation, and two closed forms.
@Suite struct InfoNCELossTests {
    /// The loss, mean positive and mean negative cosine in Double, straight from the definition:
    /// pairs at rows (2i, 2i+1), −log(exp(s_pos) / Σ_{k≠a} exp(s_k)) averaged over anchors.
    /// Memory-bank rows, when given, are extra negatives of every anchor.
    static func reference(_ h: [Double], rows: Int, dimension: Int, temperature: Double, bank: [Double] = [])
        -> (loss: Double, positive: Double, negative: Double) {
        func unitRows(_ x: [Double]) -> [Double] {
            var z = x
            for r in 0..<(x.count / dimension) {
                let norm = (0..<dimension).map { x[r * dimension + $0] * x[r * dimension + $0] }.reduce(0, +).squareRoot()
                for j in 0..<dimension { z[r * dimension + j] = x[r * dimension + j] / norm }
            }
            return z
        }
        let z = unitRows(h), b = unitRows(bank)
        func cosine(_ a: Int, _ k: Int) -> Double { (0..<dimension).map { z[a * dimension + $0] * z[k * dimension + $0] }.reduce(0, +) }
        func bankCosine(_ a: Int, _ m: Int) -> Double { (0..<dimension).map { z[a * dimension + $0] * b[m * dimension + $0] }.reduce(0, +) }
        var loss = 0.0, positive = 0.0, negative = 0.0, negatives = 0
        for a in 0..<rows {
            let partner = a % 2 == 0 ? a + 1 : a - 1
            var denominator = 0.0
            for k in 0..<rows where k != a {
                denominator += exp(cosine(a, k) / temperature)
                if k != partner { negative += cosine(a, k); negatives += 1 }
            }
            for m in 0..<(bank.count / dimension) {
                denominator += exp(bankCosine(a, m) / temperature)
                negative += bankCosine(a, m)
                negatives += 1
            }
            loss += -log(exp(cosine(a, partner) / temperature) / denominator)
            positive += cosine(a, partner)
        }
        return (loss / Double(rows), positive / Double(rows), negative / Double(negatives))
    }

    static func randomRows(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(2 * generator.unit() - 1) }
    }

    @Test(arguments: [(rows: 4, dimension: 3, temperature: Float(1), bankRows: 0), (6, 5, 0.5, 0), (8, 4, 0.2, 0),
                      (4, 3, 1, 5), (6, 4, 0.3, 7), (70, 5, 0.3, 9)])
    func lossAndGradientMatchTheDoubleReference(rows: Int, dimension: Int, temperature: Float, bankRows: Int) {
        let h = Self.randomRows(rows * dimension, seed: UInt64(rows * 10 + dimension))
        let bank = Self.randomRows(bankRows * dimension, seed: 99).map { 3 * $0 }
        let result = InfoNCELoss(temperature: temperature).evaluate(h, rows: rows, dimension: dimension, memoryBank: bank)
        let hd = h.map(Double.init), tau = Double(temperature), bd = bank.map(Double.init)
        let expected = Self.reference(hd, rows: rows, dimension: dimension, temperature: tau, bank: bd)
        #expect(abs(Double(result.loss) - expected.loss) <= 1e-5 * max(1, expected.loss))
        #expect(abs(Double(result.meanPositiveSimilarity) - expected.positive) <= 1e-5)
        #expect(abs(Double(result.meanNegativeSimilarity) - expected.negative) <= 1e-5)
        let step = 1e-6
        var largest = 0.0
        var differences = [Double](repeating: 0, count: hd.count)
        for i in hd.indices {
            var plus = hd, minus = hd
            plus[i] += step
            minus[i] -= step
            differences[i] = (Self.reference(plus, rows: rows, dimension: dimension, temperature: tau, bank: bd).loss
                - Self.reference(minus, rows: rows, dimension: dimension, temperature: tau, bank: bd).loss) / (2 * step)
            largest = max(largest, abs(differences[i]))
        }
        #expect(largest > 1e-3, "the check needs a gradient that is not zero")
        for i in hd.indices {
            #expect(abs(Double(result.gradient[i]) - differences[i]) <= 1e-3 * largest,
                    "∂L/∂h[\(i)] = \(result.gradient[i]), central difference \(differences[i])")
        }
    }

    /// Identical embeddings: every logit is 1/τ, so each anchor's softmax is uniform over its
    /// 2N − 1 candidates and L = log(2N − 1), at any τ; all gradients vanish by symmetry.
    @Test(arguments: [(pairs: 2, temperature: Float(1)), (5, 1), (16, 1), (8, 0.1)])
    func identicalEmbeddingsGiveLogOfTheCandidateCount(pairs: Int, temperature: Float) {
        let dimension = 7
        let row = Self.randomRows(dimension, seed: 11)
        let h = (0..<(2 * pairs)).flatMap { _ in row }
        let result = InfoNCELoss(temperature: temperature).evaluate(h, rows: 2 * pairs, dimension: dimension)
        let expected = log(Double(2 * pairs - 1))
        #expect(abs(Double(result.loss) - expected) <= 1e-5 * expected)
        #expect(abs(result.meanPositiveSimilarity - 1) <= 1e-5 && abs(result.meanNegativeSimilarity - 1) <= 1e-5)
        #expect(result.similarityGap.magnitude <= 1e-5)
        #expect(result.gradient.allSatisfy { abs($0) <= 1e-4 })
    }

    /// Pairs equal, different pairs orthogonal: the positive logit is 1/τ, the 2N − 2 negative
    /// logits 0, so L = log(1 + (2N − 2)·e^(−1/τ)), near 0 for small τ.
    @Test func separatedPairsAtSmallTemperatureGiveALossNearZero() {
        let pairs = 4, dimension = 6, temperature: Float = 0.1
        var h = [Float](repeating: 0, count: 2 * pairs * dimension)
        for i in 0..<pairs {
            h[(2 * i) * dimension + i] = 3          // lengths differ: only directions count
            h[(2 * i + 1) * dimension + i] = 0.5
        }
        let result = InfoNCELoss(temperature: temperature).evaluate(h, rows: 2 * pairs, dimension: dimension)
        let expected = log1p(Double(2 * pairs - 2) * exp(-1 / Double(temperature)))
        #expect(expected < 1e-3)
        #expect(abs(Double(result.loss) - expected) <= 1e-3 * expected)
        #expect(result.meanPositiveSimilarity == 1 && result.meanNegativeSimilarity == 0)
        #expect(result.similarityGap == 1)
    }

    /// Large logits (τ tiny) must not overflow: the log-sum-exp subtracts the largest first.
    @Test func tinyTemperatureStaysFinite() {
        let h = Self.randomRows(8 * 3, seed: 5)
        let result = InfoNCELoss(temperature: 1e-3).evaluate(h, rows: 8, dimension: 3)
        #expect(result.loss.isFinite && result.loss >= 0)
        #expect(result.gradient.allSatisfy { $0.isFinite })
    }

    /// A memory bank of the same embedding adds M candidates: L = log(2N − 1 + M).
    @Test func identicalMemoryBankAddsItsRowsToTheCandidates() {
        let pairs = 3, dimension = 4, bankRows = 10
        let row = Self.randomRows(dimension, seed: 12)
        let h = (0..<(2 * pairs)).flatMap { _ in row }
        let bank = (0..<bankRows).flatMap { _ in row.map { 2 * $0 } }
        let result = InfoNCELoss(temperature: 1).evaluate(h, rows: 2 * pairs, dimension: dimension, memoryBank: bank)
        let expected = log(Double(2 * pairs - 1 + bankRows))
        #expect(abs(Double(result.loss) - expected) <= 1e-5 * expected)
    }

    /// Batches of 64 rows or more split their anchors in two halves, on two threads when
    /// allowed: the bytes are the same at one thread.
    @Test func oneThreadAndTwoGiveTheSameBytes() {
        let h = Self.randomRows(96 * 8, seed: 5), bank = Self.randomRows(11 * 8, seed: 6)
        let loss = InfoNCELoss(temperature: 0.2)
        let one = loss.evaluate(h, rows: 96, dimension: 8, memoryBank: bank, threads: 1)
        let two = loss.evaluate(h, rows: 96, dimension: 8, memoryBank: bank, threads: 2)
        #expect(one == two)
    }
}
