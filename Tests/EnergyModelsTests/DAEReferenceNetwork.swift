// An independent forward pass of the denoising auto-encoder in Double, written with plain
// loops from the design's equations (it calls nothing of the library's forward), and central
// finite differences of it.
import Foundation
import TensorCore
@testable import EnergyModels

/// The network's parameters as Double arrays in parameter order: W `[features, hidden]`, b,
/// W′ `[hidden, features]` (untied only), c.
struct DAEReferenceNetwork {
    let features: Int
    let hidden: Int
    let sigmoidCode: Bool
    let tied: Bool
    let crossEntropy: Bool
    var parameters: [[Double]]

    init(_ model: DenoisingAutoEncoder) {
        let a = model.architecture
        features = a.features
        hidden = a.hidden
        sigmoidCode = a.activation == .sigmoid
        tied = a.tied
        crossEntropy = a.reconstruction == .crossEntropy
        parameters = model.parameters.map { $0.values.map(Double.init) }
    }

    /// W′[k][j]: the decoder weight from code unit k to feature j.
    func decoderWeight(_ k: Int, _ j: Int) -> Double {
        tied ? parameters[0][j * hidden + k] : parameters[2][k * features + j]
    }

    /// The decoder's output (reconstruction or logits) of one row.
    func output(_ x: [Double]) -> [Double] {
        let w = parameters[0], b = parameters[1], c = parameters[parameters.count - 1]
        let h = (0..<hidden).map { k in
            var a = b[k]
            for j in 0..<features { a += x[j] * w[j * hidden + k] }
            return sigmoidCode ? 1 / (1 + Foundation.exp(-a)) : max(a, 0)
        }
        return (0..<features).map { j in
            var o = c[j]
            for k in 0..<hidden { o += h[k] * decoderWeight(k, j) }
            return o
        }
    }

    /// The error of one row's output against its target.
    func error(output: [Double], target: [Double]) -> Double {
        var sum = 0.0
        for j in 0..<features {
            if crossEntropy {
                let r = 1 / (1 + Foundation.exp(-output[j]))
                sum -= target[j] * Foundation.log(r) + (1 - target[j]) * Foundation.log(1 - r)
            } else {
                sum += (output[j] - target[j]) * (output[j] - target[j])
            }
        }
        return sum
    }

    /// The mean over rows of the error of restoring `corrupted` to `clean`.
    func loss(corrupted: [Float], clean: [Float], rows: Int) -> Double {
        var total = 0.0
        for r in 0..<rows {
            let x = (0..<features).map { Double(corrupted[r * features + $0]) }
            let target = (0..<features).map { Double(clean[r * features + $0]) }
            total += error(output: output(x), target: target)
        }
        return total / Double(rows)
    }

    /// Central finite differences of `objective` with respect to every parameter element.
    func finiteDifferences(h: Double = 1e-5, _ objective: (DAEReferenceNetwork) -> Double) -> [[Double]] {
        var copy = self
        return parameters.indices.map { p in
            parameters[p].indices.map { i in
                let saved = copy.parameters[p][i]
                copy.parameters[p][i] = saved + h
                let plus = objective(copy)
                copy.parameters[p][i] = saved - h
                let minus = objective(copy)
                copy.parameters[p][i] = saved
                return (plus - minus) / (2 * h)
            }
        }
    }
}

/// Seeded test rows: uniform values and rows on a closed curve.
struct DAETestRows {
    var generator: SeededGenerator
    init(seed: UInt64) { generator = SeededGenerator(seed: seed ^ 0xDAE) }

    mutating func uniform(_ count: Int, _ lower: Double = 0, _ upper: Double = 1) -> [Float] {
        (0..<count).map { _ in Float(lower + (upper - lower) * generator.unit()) }
    }

    /// Rows x_j = 0.5 + 0.35·sin(t·k_j + φ_j), t uniform on [0, 2π): a closed 1-D curve in
    /// [0.15, 0.85]^features (the same curve for every seed; frequencies 1 and 2).
    mutating func curve(_ rows: Int, features: Int) -> [Float] {
        var x = [Float]()
        for _ in 0..<rows {
            let t = 2 * Double.pi * generator.unit()
            for j in 0..<features {
                let frequency = Double(1 + j % 2), phase = Double(j) * 0.7
                x.append(Float(0.5 + 0.35 * Foundation.sin(t * frequency + phase)))
            }
        }
        return x
    }
}
