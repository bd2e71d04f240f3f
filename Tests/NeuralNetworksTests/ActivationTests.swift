import Foundation
import Testing
@testable import NeuralNetworks

/// The activations against their definitions evaluated in Double.
@Suite struct ActivationTests {
    static let points: [Float] = [-200, -90, -30, -10, -1.5, -1e-3, -1e-7, 0, 1e-7, 1e-3, 0.7, 3, 17, 40, 90, 200]

    @Test func softplusIsLogOnePlusExp() {
        for x in Self.points {
            // log(1 + eˣ) = x + log(1 + e⁻ˣ), the form that does not overflow for x > 0.
            let exact = x > 0 ? Double(x) + Foundation.log1p(Foundation.exp(-Double(x))) : Foundation.log1p(Foundation.exp(Double(x)))
            let value = softplus(x)
            #expect(value.isFinite)
            #expect(abs(Double(value) - exact) <= 2e-7 * max(exact, 1e-30) + 1e-40, "softplus(\(x)) = \(value), expected \(exact)")
        }
    }

    @Test func sigmoidIsTheLogisticAndSoftplusDerivative() {
        for x in Self.points {
            let exact = 1 / (1 + Foundation.exp(-Double(x)))
            let value = sigmoid(x)
            #expect(abs(Double(value) - exact) <= 2e-7 * exact + 1e-38, "sigmoid(\(x)) = \(value), expected \(exact)")
            if abs(x) < 20 {
                let h: Float = 1e-2
                let slope = (Double(softplus(x + h)) - Double(softplus(x - h))) / Double(2 * h)
                #expect(abs(slope - exact) < 1e-4, "softplus′(\(x)) = \(slope), sigmoid \(exact)")
            }
        }
    }

    @Test func reluAndItsGradient() {
        var x: [Float] = [-2, -0.0, 0, 0.5, 3, -1e-30]
        applyReLU(&x)
        #expect(x == [0, 0, 0, 0.5, 3, 0])
        var g: [Float] = [1, 2, 3, 4, 5, 6]
        reluBackward(&g, output: x)
        #expect(g == [0, 0, 0, 4, 5, 0])
        // Long enough for the eight-lane loop and a tail, against the definition element by element.
        let output = (0..<37).map { i in i % 3 == 0 ? Float(0) : Float(i % 5) - 2 }.map { max($0, 0) }
        let upstream = (0..<37).map { Float($0) + 0.5 }
        var masked = upstream
        reluBackward(&masked, output: output)
        #expect(masked == zip(upstream, output).map { $1 > 0 ? $0 : 0 })
        #expect(masked.contains(0) && masked.contains { $0 != 0 })
    }
}
