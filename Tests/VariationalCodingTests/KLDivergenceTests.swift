import Foundation
import Testing
@testable import VariationalCoding

/// The KL term against KL(q ‖ N(0, I)) integrated numerically from its definition
/// ∫ q(z)·(log q(z) − log p(z)) dz, one dimension at a time (q is a diagonal Gaussian, so it
/// factorises and the divergences of the dimensions add).
@Suite struct KLDivergenceTests {
    /// ∫ q(z)(log q(z) − log p(z)) dz for q = N(μ, σ²), p = N(0, 1), by Simpson's rule on
    /// μ ± 12σ (the tails beyond carry less than e⁻⁷²).
    static func integratedKL(mean: Double, sd: Double) -> Double {
        let intervals = 4000, lower = mean - 12 * sd, upper = mean + 12 * sd
        let step = (upper - lower) / Double(intervals)
        func integrand(_ z: Double) -> Double {
            let logQ = -0.5 * Foundation.log(2 * Double.pi * sd * sd) - (z - mean) * (z - mean) / (2 * sd * sd)
            let logP = -0.5 * Foundation.log(2 * Double.pi) - z * z / 2
            return Foundation.exp(logQ) * (logQ - logP)
        }
        var sum = integrand(lower) + integrand(upper)
        for i in 1..<intervals { sum += (i % 2 == 1 ? 4 : 2) * integrand(lower + Double(i) * step) }
        return sum * step / 3
    }

    @Test(arguments: [Float(1), 6])
    func klMatchesIntegratedDefinition(headScale: Float) throws {
        let architecture = VAEArchitecture(features: 8, hidden: [10], latent: 3, likelihood: .bernoulli)
        let initial = try VariationalAutoEncoder(architecture: architecture, seed: 5)
        // Larger head weights spread μ and logvar far from 0 (σ from ≪ 1 to ≫ 1).
        let parameters = initial.parameters.map { p in
            p.name.hasPrefix("mean.") || p.name.hasPrefix("logvar.")
                ? VAEParameter(name: p.name, shape: p.shape, values: p.values.map { $0 * headScale }) : p
        }
        let model = try VariationalAutoEncoder(architecture: architecture, parameters: parameters)
        var data = TestData(seed: 8)
        let rows = 6
        let x = data.uniform(rows * architecture.features)
        let (mean, logVariance) = model.encode(x, rows: rows)
        let losses = model.rowLosses(x, rows: rows, noise: .deterministic)
        for r in 0..<rows {
            var expected = 0.0
            for d in 0..<architecture.latent {
                let i = r * architecture.latent + d
                expected += Self.integratedKL(mean: Double(mean[i]), sd: Foundation.exp(0.5 * Double(logVariance[i])))
            }
            #expect(abs(losses[r].kl - expected) <= 1e-5 * expected + 1e-6, "row \(r): library \(losses[r].kl), integrated \(expected)")
        }
        // The KL does not depend on ε (it is a property of q, not of the sample).
        let sampled = model.rowLosses(x, rows: rows, noise: .samples(data.normal(rows * architecture.latent)))
        #expect(sampled.map(\.kl) == losses.map(\.kl))
    }

    /// The integration itself, where KL is known without the formula: q = p gives 0.
    @Test func integrationOfIdenticalDistributionsIsZero() {
        #expect(abs(Self.integratedKL(mean: 0, sd: 1)) < 1e-12)
        #expect(Self.integratedKL(mean: 0.5, sd: 1) > 0)
    }
}
