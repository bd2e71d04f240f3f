import Foundation
import TensorCore
@testable import EnergyModels

/// A Gaussian–Bernoulli RBM in Double computed from its energy
/// E(v, h) = Σᵢ ½(vᵢ − bᵢ)² − h·c − vᵀ·W·h by brute force over the hidden states and by
/// numerical integration over each real visible unit (given h the units are independent, so
/// each integral is one-dimensional: a trapezoid rule on a wide grid). No closed form of the
/// library's is used.
struct ReferenceGaussianRBM {
    let visible: Int, hidden: Int
    let w: [Double], b: [Double], c: [Double]
    /// The integration grid of one visible unit: wide enough for every conditional here.
    static let grid = stride(from: -25.0, through: 25.0, by: 0.005).map { $0 }

    init(_ model: BernoulliRBM) {
        precondition(model.visibleUnits == .gaussian)
        visible = model.visible
        hidden = model.hidden
        w = model.weights.map(Double.init)
        b = model.visibleBias.map(Double.init)
        c = model.hiddenBias.map(Double.init)
    }

    func energy(_ v: [Double], _ h: [Double]) -> Double {
        var e = 0.0
        for i in 0..<visible { e += 0.5 * (v[i] - b[i]) * (v[i] - b[i]) }
        for j in 0..<hidden { e -= h[j] * c[j] }
        for i in 0..<visible { for j in 0..<hidden { e -= v[i] * w[i * hidden + j] * h[j] } }
        return e
    }

    /// The part of −E(v, h) that depends on vᵢ: −½(t − bᵢ)² + t·(W·h)ᵢ at vᵢ = t.
    private func unitExponent(_ i: Int, _ t: Double, _ h: [Double]) -> Double {
        var drive = 0.0
        for j in 0..<hidden { drive += w[i * hidden + j] * h[j] }
        return -0.5 * (t - b[i]) * (t - b[i]) + t * drive
    }

    /// ∫ f(t) e^(unitExponent) dt over the grid (trapezoid rule).
    private func integrate(_ i: Int, _ h: [Double], _ f: (Double) -> Double) -> Double {
        let step = Self.grid[1] - Self.grid[0]
        var sum = 0.0
        for (k, t) in Self.grid.enumerated() {
            let weight = (k == 0 || k == Self.grid.count - 1) ? 0.5 : 1
            sum += weight * f(t) * exp(unitExponent(i, t, h))
        }
        return sum * step
    }

    /// E[vᵢ | h] by integration.
    func visibleMeans(_ h: [Double]) -> [Double] {
        (0..<visible).map { i in integrate(i, h) { $0 } / integrate(i, h) { _ in 1 } }
    }

    /// log ∫ e^(−E(v, h)) dv.
    func logMarginal(_ h: [Double]) -> Double {
        var total = 0.0
        for j in 0..<hidden { total += h[j] * c[j] }
        for i in 0..<visible { total += log(integrate(i, h) { _ in 1 }) }
        return total
    }

    /// p(h) for every hidden state, in `ReferenceRBM.states(hidden)` order.
    var hiddenDistribution: [Double] {
        let logs = ReferenceRBM.states(hidden).map(logMarginal)
        let logZ = ReferenceRBM.logSumExp(logs)
        return logs.map { exp($0 - logZ) }
    }

    /// log Z = log Σ_h ∫ e^(−E(v, h)) dv.
    var logPartition: Double { ReferenceRBM.logSumExp(ReferenceRBM.states(hidden).map(logMarginal)) }

    /// F(v) = −log Σ_h e^(−E(v, h)).
    func freeEnergy(_ v: [Double]) -> Double {
        -ReferenceRBM.logSumExp(ReferenceRBM.states(hidden).map { -energy(v, $0) })
    }

    /// p(hⱼ = 1 | v) by summing over the hidden states.
    func hiddenProbabilities(_ v: [Double]) -> [Double] {
        let hs = ReferenceRBM.states(hidden)
        let weights = hs.map { exp(-energy(v, $0)) }
        let total = weights.reduce(0, +)
        return (0..<hidden).map { j in zip(hs, weights).reduce(0) { $0 + ($1.0[j] == 1 ? $1.1 : 0) } / total }
    }

    /// (1/N) Σₙ log p(vₙ).
    func meanLogLikelihood(_ rows: [[Double]]) -> Double {
        let logZ = logPartition
        return rows.reduce(0) { $0 - freeEnergy($1) - logZ } / Double(rows.count)
    }

    /// The exact gradient of (1/N) Σₙ log p(vₙ) as [∂W (row-major), ∂b, ∂c]: the data's
    /// statistics ⟨v·p(h|v)ᵀ⟩, ⟨v − b⟩, ⟨p(h|v)⟩ minus the model's, the model's summed over the
    /// hidden states with E[v | h] by integration.
    func logLikelihoodGradient(_ rows: [[Double]]) -> [Double] {
        let count = visible * hidden + visible + hidden
        var data = [Double](repeating: 0, count: count), model = data
        for v in rows {
            let ph = hiddenProbabilities(v)
            let statistics = (0..<visible).flatMap { i in (0..<hidden).map { j in v[i] * ph[j] } } + (0..<visible).map { v[$0] - b[$0] } + ph
            for (k, s) in statistics.enumerated() { data[k] += s / Double(rows.count) }
        }
        for (h, p) in zip(ReferenceRBM.states(hidden), hiddenDistribution) {
            let mean = visibleMeans(h)
            let statistics = (0..<visible).flatMap { i in (0..<hidden).map { j in mean[i] * h[j] } } + (0..<visible).map { mean[$0] - b[$0] } + h
            for (k, s) in statistics.enumerated() { model[k] += p * s }
        }
        return zip(data, model).map { $0 - $1 }
    }

    /// `count` exact samples: h from p(h), then each vᵢ from its conditional by inverting the
    /// integrated distribution function on the grid.
    func samples(_ count: Int, generator: inout SeededGenerator) -> [[Double]] {
        let hs = ReferenceRBM.states(hidden), distribution = hiddenDistribution
        // The running sums of each unit's density on the grid, for each hidden state.
        let cumulative = hs.map { h in
            (0..<visible).map { i in
                var running = 0.0
                return Self.grid.map { t in running += exp(unitExponent(i, t, h)); return running }
            }
        }
        return (0..<count).map { _ in
            var u = generator.unit(), k = 0
            while k < hs.count - 1 && u >= distribution[k] { u -= distribution[k]; k += 1 }
            return (0..<visible).map { i in
                let sums = cumulative[k][i]
                let target = generator.unit() * sums[sums.count - 1]
                var low = 0, high = sums.count - 1
                while low < high { let middle = (low + high) / 2; if sums[middle] <= target { low = middle + 1 } else { high = middle } }
                return Self.grid[low]
            }
        }
    }
}

/// A tiny Gaussian–Bernoulli machine with parameters of scale `scale`.
func randomGaussianRBM(visible: Int, hidden: Int, scale: Double, seed: UInt64) throws -> BernoulliRBM {
    var generator = SeededGenerator(seed: seed)
    func draw(_ count: Int) -> [Float] { (0..<count).map { _ in Float(scale * generator.gaussian()) } }
    return try BernoulliRBM(visible: visible, hidden: hidden, visibleUnits: .gaussian, weights: draw(visible * hidden),
                            visibleBias: draw(visible), hiddenBias: draw(hidden))
}
