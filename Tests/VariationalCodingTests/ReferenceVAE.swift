// An independent forward pass of the VAE in Double, written with plain loops from the
// design's equations (it calls nothing of the library's forward), and finite differences of it.
import Foundation
import TensorCore
@testable import VariationalCoding

/// The network of a VAE with `hidden.count` = n hidden layers, parameters as Double arrays in
/// the design's order: encoder 0..<n, mean, logvar, decoder 0..<n, output; W `[in, out]`, b.
struct ReferenceVAE {
    let features: Int
    let hidden: [Int]
    let latent: Int
    /// nil: Bernoulli; else the Gaussian's σ.
    let gaussianSD: Double?
    var parameters: [[Double]]

    init(_ model: VariationalAutoEncoder) {
        let a = model.architecture
        features = a.features
        hidden = a.hidden
        latent = a.latent
        if case let .gaussian(s) = a.likelihood { gaussianSD = Double(s) } else { gaussianSD = nil }
        parameters = model.parameters.map { $0.values.map(Double.init) }
    }

    var n: Int { hidden.count }

    /// y = x·W + b for one row, W the parameter 2·layer, b the next.
    func affine(_ x: [Double], layer: Int) -> [Double] {
        let w = parameters[2 * layer], b = parameters[2 * layer + 1]
        let outputs = b.count
        precondition(w.count == x.count * outputs)
        return (0..<outputs).map { j in
            var sum = b[j]
            for k in x.indices { sum += x[k] * w[k * outputs + j] }
            return sum
        }
    }

    func relu(_ x: [Double]) -> [Double] { x.map { max($0, 0) } }

    /// μ and logvar of one row.
    func encode(_ x: [Double]) -> (mean: [Double], logVariance: [Double]) {
        var h = x
        for i in 0..<n { h = relu(affine(h, layer: i)) }
        return (affine(h, layer: n), affine(h, layer: n + 1))
    }

    /// The output layer's values (logits or means) for one latent.
    func decodeOutput(_ z: [Double]) -> [Double] {
        var d = z
        for i in 0..<n { d = relu(affine(d, layer: n + 2 + i)) }
        return affine(d, layer: 2 * n + 2)
    }

    /// −log p(x | output) of one row.
    func reconstruction(_ x: [Double], output: [Double]) -> Double {
        var sum = 0.0
        for j in x.indices {
            let o = output[j]
            if let s = gaussianSD {
                sum += 0.5 * ((x[j] - o) / s) * ((x[j] - o) / s) + 0.5 * Foundation.log(2 * Double.pi * s * s)
            } else {
                // −[x·log σ(o) + (1 − x)·log(1 − σ(o))] = log(1 + eᵒ) − x·o
                let logOnePlusExp = o > 0 ? o + Foundation.log1p(Foundation.exp(-o)) : Foundation.log1p(Foundation.exp(o))
                sum += logOnePlusExp - x[j] * o
            }
        }
        return sum
    }

    /// The means over rows of reconstruction and KL, and the objective mean(recon + β·KL);
    /// z = μ + exp(½ logvar)·ε, or z = μ when `epsilon` is nil.
    func loss(_ x: [Float], rows: Int, epsilon: [Float]?, beta: Double) -> (objective: Double, reconstruction: Double, kl: Double) {
        var reconstructionSum = 0.0, klSum = 0.0
        for r in 0..<rows {
            let row = (0..<features).map { Double(x[r * features + $0]) }
            let (mu, lv) = encode(row)
            var z = mu
            if let epsilon {
                for d in 0..<latent { z[d] = mu[d] + Foundation.exp(0.5 * lv[d]) * Double(epsilon[r * latent + d]) }
            }
            reconstructionSum += reconstruction(row, output: decodeOutput(z))
            for d in 0..<latent { klSum += 0.5 * (mu[d] * mu[d] + Foundation.exp(lv[d]) - 1 - lv[d]) }
        }
        let count = Double(rows)
        return ((reconstructionSum + beta * klSum) / count, reconstructionSum / count, klSum / count)
    }

    /// Central finite differences of `objective` with respect to every element of every
    /// parameter, in Double with step h.
    func finiteDifferences(h: Double = 1e-5, _ objective: (ReferenceVAE) -> Double) -> [[Double]] {
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

/// Seeded test data: uniform values in [lower, upper) and standard normal ε.
struct TestData {
    var generator: SeededGenerator
    init(seed: UInt64) { generator = SeededGenerator(seed: seed ^ 0x7E57) }

    mutating func uniform(_ count: Int, _ lower: Double = 0, _ upper: Double = 1) -> [Float] {
        (0..<count).map { _ in Float(lower + (upper - lower) * generator.unit()) }
    }

    mutating func normal(_ count: Int) -> [Float] {
        (0..<count).map { _ in Float(generator.gaussian()) }
    }
}
