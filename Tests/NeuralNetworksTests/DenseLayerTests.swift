import Testing
import TensorCore
@testable import NeuralNetworks

/// DenseLayer against naive Double loops, and its initialisation against PyTorch's scheme.
@Suite struct DenseLayerTests {
    /// Uniform values in [−1, 1) from a seeded generator (not the layer's own draws).
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(2 * generator.unit() - 1) }
    }

    static func layer(inputs: Int, outputs: Int, seed: UInt64) -> DenseLayer {
        DenseLayer(inputs: inputs, outputs: outputs, weights: values(inputs * outputs, seed: seed),
                   bias: values(outputs, seed: seed + 1))
    }

    static func expectClose(_ actual: [Float], _ expected: [Double], _ what: String) {
        #expect(actual.count == expected.count, "\(what): count")
        let scale = max(1, expected.map(abs).max() ?? 0)
        let worst = zip(actual, expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst <= 1e-5 * scale, "\(what): worst difference \(worst) at scale \(scale)")
    }

    @Test(arguments: [(1, 1, 1), (5, 3, 7), (17, 33, 9), (130, 64, 40)])
    func forwardMatchesLoops(rows: Int, inputs: Int, outputs: Int) {
        let layer = Self.layer(inputs: inputs, outputs: outputs, seed: 3)
        let x = Self.values(rows * inputs, seed: 5)
        var affine = [Double](repeating: 0, count: rows * outputs)
        for r in 0..<rows {
            for j in 0..<outputs {
                var sum = Double(layer.bias[j])
                for k in 0..<inputs { sum += Double(x[r * inputs + k]) * Double(layer.weights[k * outputs + j]) }
                affine[r * outputs + j] = sum
            }
        }
        Self.expectClose(layer.forward(x, rows: rows), affine, "identity")
        Self.expectClose(layer.forward(x, rows: rows, activation: .relu), affine.map { max($0, 0) }, "relu")
        #expect(layer.forward(x, rows: rows, threads: 1) == layer.forward(x, rows: rows, threads: 2))
    }

    @Test(arguments: [(1, 1, 1), (5, 3, 7), (17, 33, 9), (130, 64, 40)])
    func backwardMatchesLoops(rows: Int, inputs: Int, outputs: Int) {
        let layer = Self.layer(inputs: inputs, outputs: outputs, seed: 7)
        let x = Self.values(rows * inputs, seed: 11), g = Self.values(rows * outputs, seed: 13)
        var dW = [Double](repeating: 0, count: inputs * outputs), db = [Double](repeating: 0, count: outputs)
        var dX = [Double](repeating: 0, count: rows * inputs)
        for r in 0..<rows {
            for j in 0..<outputs {
                let gj = Double(g[r * outputs + j])
                db[j] += gj
                for k in 0..<inputs {
                    dW[k * outputs + j] += Double(x[r * inputs + k]) * gj
                    dX[r * inputs + k] += gj * Double(layer.weights[k * outputs + j])
                }
            }
        }
        let full = layer.backward(input: x, outputGradient: g, rows: rows, inputGradient: true)
        Self.expectClose(full.weights, dW, "dW")
        Self.expectClose(full.bias, db, "db")
        Self.expectClose(full.input ?? [], dX, "dX")
        let first = layer.backward(input: x, outputGradient: g, rows: rows, inputGradient: false)
        #expect(first.input == nil)
        #expect(first.weights == full.weights && first.bias == full.bias)
    }

    /// nn.Linear's default: kaiming_uniform(a=√5) on the weight is U(±1/√fan_in), and the bias
    /// U(±1/√fan_in); drawn weights first (row-major), then bias, one `unit()` each.
    @Test func initialisationIsPyTorchsUniform() {
        let inputs = 50, outputs = 40
        var generator = SeededGenerator(seed: 21)
        let layer = DenseLayer(inputs: inputs, outputs: outputs, generator: &generator)
        let bound = 1 / Double(inputs).squareRoot()
        var replay = SeededGenerator(seed: 21)
        let expected = (0..<(inputs * outputs + outputs)).map { _ in Float((2 * replay.unit() - 1) * bound) }
        #expect(layer.weights == Array(expected[0..<(inputs * outputs)]))
        #expect(layer.bias == Array(expected[(inputs * outputs)...]))
        // The range and spread of U(−b, b): every value inside, extremes near ±b, variance b²/3.
        let all = (layer.weights + layer.bias).map(Double.init)
        #expect(all.allSatisfy { abs($0) < bound })
        #expect(all.max()! > 0.98 * bound && all.min()! < -0.98 * bound)
        let mean = all.reduce(0, +) / Double(all.count)
        let variance = all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(all.count)
        #expect(abs(mean) < 0.05 * bound)
        #expect(abs(variance / (bound * bound / 3) - 1) < 0.08, "variance \(variance) vs b²/3 = \(bound * bound / 3)")
        // The generator moved on by exactly the layer's draws.
        #expect(generator.next() == replay.next())
    }
}
