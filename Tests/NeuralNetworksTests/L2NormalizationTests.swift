import Foundation
import Testing
import TensorCore
@testable import NeuralNetworks

/// Row normalisation: unit rows, zero rows kept, the backward pass against central differences
/// of a Double normalisation.
@Suite struct L2NormalizationTests {
    @Test func rowsBecomeUnitAndZeroRowsStayZero() {
        let x: [Float] = [3, 4, 0, 0, 0, 0, -1, 2, 2]
        let (z, divisors) = L2Normalization().forward(x, rows: 3, columns: 3)
        #expect(z[0] == 0.6 && z[1] == 0.8 && z[2] == 0)
        #expect(z[3] == 0 && z[4] == 0 && z[5] == 0)
        #expect(abs(z[6] + 1 / 3) <= 1e-7 && abs(z[7] - 2 / 3) <= 1e-7)
        #expect(divisors[0] == 5 && divisors[1] == 1e-12 && divisors[2] == 3)
    }

    /// L = Σ cᵢⱼ·zᵢⱼ for fixed random c: ∂L/∂x against central differences in Double.
    @Test func backwardMatchesCentralDifferences() {
        let rows = 3, columns = 4
        var generator = SeededGenerator(seed: 21)
        let x = (0..<(rows * columns)).map { _ in Float(2 * generator.unit() - 1) }
        let c = (0..<(rows * columns)).map { _ in Float(2 * generator.unit() - 1) }
        let normalization = L2Normalization()
        let (z, divisors) = normalization.forward(x, rows: rows, columns: columns)
        let gradient = normalization.backward(outputGradient: c, normalized: z, divisors: divisors, rows: rows, columns: columns)
        func objective(_ x: [Double]) -> Double {
            var total = 0.0
            for r in 0..<rows {
                let row = x[(r * columns)..<((r + 1) * columns)]
                let norm = row.map { $0 * $0 }.reduce(0, +).squareRoot()
                for j in 0..<columns { total += Double(c[r * columns + j]) * x[r * columns + j] / norm }
            }
            return total
        }
        let xd = x.map(Double.init), step = 1e-6
        for i in xd.indices {
            var plus = xd, minus = xd
            plus[i] += step
            minus[i] -= step
            let difference = (objective(plus) - objective(minus)) / (2 * step)
            #expect(abs(Double(gradient[i]) - difference) <= 1e-4 * max(1, abs(difference)), "∂L/∂x[\(i)]")
        }
    }

    /// Scaling a row does not change z, so the gradient has no radial part: xᵢ·∂L/∂xᵢ = 0.
    @Test func gradientIsOrthogonalToEachRow() {
        var generator = SeededGenerator(seed: 22)
        let x = (0..<10).map { _ in Float(4 * generator.unit() - 2) }
        let g = (0..<10).map { _ in Float(2 * generator.unit() - 1) }
        let normalization = L2Normalization()
        let (z, divisors) = normalization.forward(x, rows: 2, columns: 5)
        let dx = normalization.backward(outputGradient: g, normalized: z, divisors: divisors, rows: 2, columns: 5)
        for r in 0..<2 {
            let radial = (0..<5).map { x[r * 5 + $0] * dx[r * 5 + $0] }.reduce(0, +)
            #expect(abs(radial) <= 1e-5)
        }
    }
}
