import Foundation
import Testing
import TensorCore
@testable import NeuralNetworks

/// The vector exponential and log(1 + e), and the Bernoulli loss pass built on them, against
/// their definitions in Double.
@Suite struct BinaryCrossEntropyTests {
    /// Relative error bound: a few ulp of Float.
    static let tolerance = 4 * Double(Float.ulpOfOne)

    static func lanes(_ values: ArraySlice<Float>) -> SIMD8<Float> {
        var v = SIMD8<Float>()
        for (i, x) in values.enumerated() { v[i] = x }
        return v
    }

    @Test func exponentOfNonPositiveMatchesExp() {
        var points: [Float] = [0, -0.0, -1e-30, -1e-7, -0.3465, -0.3466, -0.5, -1, -2.5, -10, -50, -80, -86.9, -87.2, -87.4, -100, -1e30]
        var generator = SeededGenerator(seed: 3)
        points += (0..<4000).map { _ in Float(-90 * generator.unit()) }
        while points.count % 8 != 0 { points.append(-1) }
        for chunk in stride(from: 0, to: points.count, by: 8) {
            let values = exponentOfNonPositive(Self.lanes(points[chunk..<(chunk + 8)]))
            for lane in 0..<8 {
                let x = Double(points[chunk + lane]), exact = Foundation.exp(x)
                if x < -87.3 {
                    #expect(values[lane] == 0, "exp(\(x))")
                } else if exact >= Double(Float.leastNormalMagnitude) {
                    #expect(abs(Double(values[lane]) - exact) <= Self.tolerance * exact, "exp(\(x)) = \(values[lane]), expected \(exact)")
                }
            }
        }
    }

    @Test func logOnePlusUnitMatchesLog1p() {
        var points: [Float] = [0, 1e-38, 1e-20, 1e-8, 1e-4, 0.1, 0.5, 0.9999, 1]
        var generator = SeededGenerator(seed: 4)
        points += (0..<4000).map { _ in Float(generator.unit()) }
        points += (0..<400).map { _ in Float(Foundation.exp(-80 * generator.unit())) }
        while points.count % 8 != 0 { points.append(0.25) }
        for chunk in stride(from: 0, to: points.count, by: 8) {
            let values = logOnePlusUnit(Self.lanes(points[chunk..<(chunk + 8)]))
            for lane in 0..<8 {
                let e = Double(points[chunk + lane]), exact = Foundation.log1p(e)
                #expect(abs(Double(values[lane]) - exact) <= Self.tolerance * exact, "log1p(\(e)) = \(values[lane]), expected \(exact)")
            }
        }
    }

    @Test(arguments: [13, 16, 3])
    func rowSumsAndGradientMatchTheDefinition(columns: Int) {
        var generator = SeededGenerator(seed: UInt64(columns))
        let rows = 9
        var logits = (0..<(rows * columns)).map { _ in Float(24 * generator.unit() - 12) }
        logits[0] = 0
        logits[1] = 95
        logits[2] = -95
        let targets = (0..<(rows * columns)).map { _ in Float(generator.unit()) }
        let scale: Float = 0.25
        let (sums, gradient) = binaryCrossEntropyWithLogits(logits: logits, targets: targets, rows: rows, columns: columns, gradientScale: scale)
        for r in 0..<rows {
            var expected = 0.0, magnitude = 0.0
            for j in (r * columns)..<((r + 1) * columns) {
                let l = Double(logits[j]), x = Double(targets[j])
                // −[x·log σ(l) + (1 − x)·log(1 − σ(l))] with log σ(l) = −log(1 + e^(−l)).
                let logSigmoid = -(l > 0 ? Foundation.log1p(Foundation.exp(-l)) : -l + Foundation.log1p(Foundation.exp(l)))
                let logOneMinusSigmoid = logSigmoid - l
                let term = -(x * logSigmoid + (1 - x) * logOneMinusSigmoid)
                expected += term
                magnitude += abs(term) + abs(x * l)
                let probability = 1 / (1 + Foundation.exp(-l))
                #expect(abs(Double(gradient![j]) - 0.25 * (probability - x)) <= 1e-7, "gradient at \(j)")
            }
            #expect(abs(sums[r] - expected) <= 2e-7 * magnitude, "row \(r): \(sums[r]), expected \(expected)")
        }
        let plain = binaryCrossEntropyWithLogits(logits: logits, targets: targets, rows: rows, columns: columns, gradientScale: nil)
        #expect(plain.gradient == nil)
        #expect(plain.rowSums == sums)
    }
}
