import Foundation
import Testing
@testable import VariationalCoding

/// With β = 0 and σ forced to 0 the VAE is a plain auto-encoder x → encoder → mean head →
/// decoder → output: its loss and gradients are those of the auto-encoder written here, and
/// the logvar head gets no gradient.
@Suite struct AutoEncoderLimitTests {
    /// A plain auto-encoder's mean reconstruction loss over the rows, from its own parameter
    /// list (encoder layers, code layer, decoder layers, output layer; W [in, out] then b).
    static func plainAutoEncoderLoss(_ p: [[Double]], hidden: Int, x: [Float], rows: Int, features: Int, gaussianSD: Double?) -> Double {
        func layer(_ v: [Double], _ index: Int, relu: Bool) -> [Double] {
            let w = p[2 * index], b = p[2 * index + 1]
            return b.indices.map { j in
                var s = b[j]
                for k in v.indices { s += v[k] * w[k * b.count + j] }
                return relu ? max(s, 0) : s
            }
        }
        var total = 0.0
        for r in 0..<rows {
            let row = (0..<features).map { Double(x[r * features + $0]) }
            var v = row
            for i in 0..<hidden { v = layer(v, i, relu: true) }
            v = layer(v, hidden, relu: false)  // the code
            for i in 0..<hidden { v = layer(v, hidden + 1 + i, relu: true) }
            let out = layer(v, 2 * hidden + 1, relu: false)
            for j in 0..<features {
                if let s = gaussianSD {
                    total += 0.5 * (row[j] - out[j]) * (row[j] - out[j]) / (s * s) + 0.5 * Foundation.log(2 * Double.pi * s * s)
                } else {
                    total += Foundation.log(1 + Foundation.exp(out[j])) - row[j] * out[j]
                }
            }
        }
        return total / Double(rows)
    }

    @Test(arguments: [VAELikelihood.bernoulli, .gaussian(standardDeviation: 0.5)], [[7], [8, 5]])
    func betaZeroWithoutNoiseIsAPlainAutoEncoder(likelihood: VAELikelihood, hidden: [Int]) throws {
        let architecture = VAEArchitecture(features: 6, hidden: hidden, latent: 3, likelihood: likelihood)
        let model = try VariationalAutoEncoder(architecture: architecture, seed: 17)
        var data = TestData(seed: 2)
        let rows = 5
        let x = data.uniform(rows * architecture.features)
        let (loss, gradient) = model.lossAndGradient(x, rows: rows, noise: .deterministic, beta: 0)

        let names = model.parameters.map(\.name)
        let logVarianceSlots = names.indices.filter { names[$0].hasPrefix("logvar.") }
        let autoEncoderSlots = names.indices.filter { !names[$0].hasPrefix("logvar.") }
        var p = autoEncoderSlots.map { model.parameters[$0].values.map(Double.init) }
        var sd: Double? = nil
        if case let .gaussian(s) = likelihood { sd = Double(s) }
        let objective = { (p: [[Double]]) in
            Self.plainAutoEncoderLoss(p, hidden: hidden.count, x: x, rows: rows, features: architecture.features, gaussianSD: sd)
        }
        let expected = objective(p)
        #expect(abs(loss.reconstruction - expected) <= 1e-5 * abs(expected))

        let h = 1e-5
        for (slot, index) in autoEncoderSlots.enumerated() {
            let scale = gradient[index].map { abs(Double($0)) }.max() ?? 0
            for i in p[slot].indices {
                let saved = p[slot][i]
                p[slot][i] = saved + h
                let plus = objective(p)
                p[slot][i] = saved - h
                let minus = objective(p)
                p[slot][i] = saved
                let numeric = (plus - minus) / (2 * h)
                #expect(abs(Double(gradient[index][i]) - numeric) <= 2e-3 * abs(numeric) + 1e-4 * scale + 1e-7,
                        "\(names[index])[\(i)]: library \(gradient[index][i]), auto-encoder \(numeric)")
            }
        }
        for index in logVarianceSlots { #expect(gradient[index].allSatisfy { $0 == 0 }, "\(names[index]) moved") }
    }
}
