import Foundation
import Testing
import NeuralNetworks
import TensorCore
@testable import EnergyModels

/// The MLP energy's gradients in its input and its weights against central differences of a
/// Double forward pass written here.
@Suite struct MLPEnergyTests {
    /// E(y) in Double from the layers' parameters: softplus hidden layers, linear output.
    static func referenceEnergy(_ layers: [(w: [Double], b: [Double], inputs: Int, outputs: Int)], _ y: [Double]) -> Double {
        var a = y
        for (index, layer) in layers.enumerated() {
            var z = layer.b
            for o in 0..<layer.outputs { for i in 0..<layer.inputs { z[o] += a[i] * layer.w[i * layer.outputs + o] } }
            a = index == layers.count - 1 ? z : z.map { $0 > 0 ? $0 + log1p(exp(-$0)) : log1p(exp($0)) }
        }
        return a[0]
    }

    static func parameters(_ energy: MLPEnergy) -> [(w: [Double], b: [Double], inputs: Int, outputs: Int)] {
        energy.layers.map { ($0.weights.map(Double.init), $0.bias.map(Double.init), $0.inputs, $0.outputs) }
    }

    static let points: [Float] = [0.3, -1.2, 1.5, 0.4, -0.7, -0.2]

    @Test func inputGradientMatchesFiniteDifferences() {
        let energy = MLPEnergy(inputs: 2, hidden: [5, 4], seed: 3)
        let layers = Self.parameters(energy)
        let (energies, gradient) = energy.inputGradient(Self.points, rows: 3)
        let h = 1e-6
        for row in 0..<3 {
            let y = (0..<2).map { Double(Self.points[row * 2 + $0]) }
            #expect(abs(Double(energies[row]) - Self.referenceEnergy(layers, y)) <= 1e-5)
            for j in 0..<2 {
                var plus = y, minus = y
                plus[j] += h
                minus[j] -= h
                let numeric = (Self.referenceEnergy(layers, plus) - Self.referenceEnergy(layers, minus)) / (2 * h)
                #expect(abs(Double(gradient[row * 2 + j]) - numeric) <= 1e-4 + 1e-3 * abs(numeric), "row \(row), coordinate \(j)")
            }
        }
    }

    /// ∂/∂θ of Σ sᵢ E(yᵢ) with unequal scales (as contrastive divergence weighs rows).
    @Test func parameterGradientMatchesFiniteDifferences() {
        let energy = MLPEnergy(inputs: 2, hidden: [4], seed: 5)
        let scales: [Float] = [0.5, -1.25, 2]
        let (_, gradient) = energy.parameterGradient(Self.points, rows: 3, scales: scales)
        var layers = Self.parameters(energy)
        func objective(_ layers: [(w: [Double], b: [Double], inputs: Int, outputs: Int)]) -> Double {
            (0..<3).reduce(0.0) { $0 + Double(scales[$1]) * Self.referenceEnergy(layers, [Double(Self.points[2 * $1]), Double(Self.points[2 * $1 + 1])]) }
        }
        let h = 1e-6
        var largest = 0.0
        for l in layers.indices {
            for isBias in [false, true] {
                let count = isBias ? layers[l].b.count : layers[l].w.count
                for i in 0..<count {
                    func shifted(_ delta: Double) -> Double {
                        var copy = layers
                        if isBias { copy[l].b[i] += delta } else { copy[l].w[i] += delta }
                        return objective(copy)
                    }
                    let numeric = (shifted(h) - shifted(-h)) / (2 * h)
                    largest = max(largest, abs(numeric))
                    let computed = Double(gradient[2 * l + (isBias ? 1 : 0)][i])
                    #expect(abs(computed - numeric) <= 1e-4 + 1e-3 * abs(numeric), "layer \(l) \(isBias ? "bias" : "weight") \(i)")
                }
            }
        }
        #expect(largest > 1e-2, "the check needs gradients that are not zero")
        layers = []
    }
}
