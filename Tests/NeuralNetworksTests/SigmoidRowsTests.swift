import Testing
import TensorCore
@testable import NeuralNetworks

/// The eight-lane logistic function against the scalar one.
@Suite struct SigmoidRowsTests {
    /// Rows of 19 columns (two full lane groups and a remainder), values from −100 to 100 and
    /// around 0: within 4 ulp of `sigmoid(x + bias)` (relative 5e-7), but where σ < e^(−87.3)
    /// (about 1e-38: the lanes give 0 there, the scalar form a subnormal); 0 and 1 at the ends.
    @Test func lanesMatchTheScalarSigmoid() {
        var generator = SeededGenerator(seed: 1)
        let columns = 19, rows = 50
        let bias = (0..<columns).map { _ in Float(generator.gaussian()) }
        var x = (0..<(rows * columns)).map { index in
            index % 7 == 0 ? Float(200 * generator.unit() - 100) : Float(8 * generator.gaussian())
        }
        x[0] = -1000
        x[1] = 1000
        let expected = x.indices.map { sigmoid(x[$0] + bias[$0 % columns]) }
        applySigmoid(&x, addingToEachRow: bias)
        for (got, want) in zip(x, expected) {
            #expect(abs(got - want) <= 5e-7 * want + 2e-38, "σ = \(got), scalar \(want)")
        }
        #expect(x[0] == 0 || x[0] < 1e-30)
        #expect(x[1] == 1)
    }

    @Test func emptyRowsAreLeftAlone() {
        var x: [Float] = []
        applySigmoid(&x, addingToEachRow: [1, 2])
        #expect(x.isEmpty)
    }
}
