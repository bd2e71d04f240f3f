import Foundation
import TensorCore
import Testing
@testable import EnergyModels

/// An RBM in Double computed by brute force from its energy E(v, h) = −v·b − h·c − vᵀ·W·h,
/// summing over every visible and hidden state: the closed forms the library is checked
/// against (written without the library's formulas).
struct ReferenceRBM {
    let visible: Int, hidden: Int
    let w: [Double], b: [Double], c: [Double]

    init(_ model: BernoulliRBM) {
        visible = model.visible
        hidden = model.hidden
        w = model.weights.map(Double.init)
        b = model.visibleBias.map(Double.init)
        c = model.hiddenBias.map(Double.init)
    }

    /// Every binary vector of `length` units, unit 0 in the lowest bit.
    static func states(_ length: Int) -> [[Double]] {
        (0..<(1 << length)).map { code in (0..<length).map { Double((code >> $0) & 1) } }
    }

    func energy(_ v: [Double], _ h: [Double]) -> Double {
        var e = 0.0
        for i in 0..<visible { e -= v[i] * b[i] }
        for j in 0..<hidden { e -= h[j] * c[j] }
        for i in 0..<visible { for j in 0..<hidden { e -= v[i] * w[i * hidden + j] * h[j] } }
        return e
    }

    /// log Σ exp(xₖ) without overflow.
    static func logSumExp(_ x: [Double]) -> Double {
        let top = x.max()!
        return top + log(x.reduce(0) { $0 + exp($1 - top) })
    }

    /// F(v) = −log Σ_h e^(−E(v, h)).
    func freeEnergy(_ v: [Double]) -> Double {
        -Self.logSumExp(Self.states(hidden).map { -energy(v, $0) })
    }

    /// p(hⱼ = 1 | v) = Σ_{h: hⱼ = 1} e^(−E(v, h)) / Σ_h e^(−E(v, h)).
    func hiddenProbabilities(_ v: [Double]) -> [Double] {
        let hs = Self.states(hidden)
        let weights = hs.map { exp(-energy(v, $0)) }
        let total = weights.reduce(0, +)
        return (0..<hidden).map { j in zip(hs, weights).reduce(0) { $0 + ($1.0[j] == 1 ? $1.1 : 0) } / total }
    }

    /// p(vᵢ = 1 | h), by normalising over every visible state.
    func visibleProbabilities(_ h: [Double]) -> [Double] {
        let vs = Self.states(visible)
        let weights = vs.map { exp(-energy($0, h)) }
        let total = weights.reduce(0, +)
        return (0..<visible).map { i in zip(vs, weights).reduce(0) { $0 + ($1.0[i] == 1 ? $1.1 : 0) } / total }
    }

    /// log Z = log Σ_{v, h} e^(−E(v, h)).
    var logPartition: Double {
        let hs = Self.states(hidden)
        return Self.logSumExp(Self.states(visible).flatMap { v in hs.map { -energy(v, $0) } })
    }

    /// p(v) for every visible state, in `states(visible)` order.
    var visibleDistribution: [Double] {
        let logZ = logPartition
        return Self.states(visible).map { exp(-freeEnergy($0) - logZ) }
    }

    /// −(1/N) Σₙ log p(vₙ) over binary rows.
    func negativeLogLikelihood(_ rows: [[Double]]) -> Double {
        let logZ = logPartition
        return rows.reduce(0) { $0 + freeEnergy($1) + logZ } / Double(rows.count)
    }

    /// The exact gradient of (1/N) Σₙ log p(vₙ) as [∂W (row-major), ∂b, ∂c]: the data's
    /// statistics minus the model's, the model's summed over every state.
    func logLikelihoodGradient(_ rows: [[Double]]) -> [Double] {
        func statistics(_ v: [Double]) -> [Double] {
            let ph = hiddenProbabilities(v)
            return (0..<visible).flatMap { i in (0..<hidden).map { j in v[i] * ph[j] } } + v + ph
        }
        let count = visible * hidden + visible + hidden
        var data = [Double](repeating: 0, count: count), model = data
        for v in rows { for (k, s) in statistics(v).enumerated() { data[k] += s / Double(rows.count) } }
        for (v, p) in zip(Self.states(visible), visibleDistribution) { for (k, s) in statistics(v).enumerated() { model[k] += p * s } }
        return zip(data, model).map { $0 - $1 }
    }
}

extension RBMGradient {
    /// [∂W (row-major), ∂b, ∂c] in Double, the reference's order.
    var flattened: [Double] { (weights + visibleBias + hiddenBias).map(Double.init) }
}

/// A tiny machine with parameters large enough that its conditionals are far from ½.
func randomRBM(visible: Int, hidden: Int, scale: Double, seed: UInt64) throws -> BernoulliRBM {
    var generator = SeededGenerator(seed: seed)
    func draw(_ count: Int) -> [Float] { (0..<count).map { _ in Float(scale * generator.gaussian()) } }
    return try BernoulliRBM(visible: visible, hidden: hidden, weights: draw(visible * hidden),
                            visibleBias: draw(visible), hiddenBias: draw(hidden))
}

/// Mean and standard error of the mean of each component over `samples` (each the same length).
func meanAndStandardError(_ samples: [[Double]]) -> (mean: [Double], standardError: [Double]) {
    let n = Double(samples.count)
    let mean = samples[0].indices.map { k in samples.reduce(0) { $0 + $1[k] } / n }
    let error = samples[0].indices.map { k in
        (samples.reduce(0) { $0 + ($1[k] - mean[k]) * ($1[k] - mean[k]) } / (n - 1) / n).squareRoot()
    }
    return (mean, error)
}

/// Checks that binary rows `states` `[rows, visible]` occur with the probabilities `exact`
/// (in `ReferenceRBM.states(visible)` order): each state's frequency within 4.5 standard
/// errors of its probability.
func expectStateFrequencies(_ states: [Float], rows: Int, visible: Int, match exact: [Double],
                            sourceLocation: SourceLocation = #_sourceLocation) {
    var counts = [Double](repeating: 0, count: 1 << visible)
    for r in 0..<rows { counts[(0..<visible).reduce(0) { $0 | (states[r * visible + $1] == 1 ? 1 << $1 : 0) }] += 1 }
    for (state, p) in exact.enumerated() {
        let frequency = counts[state] / Double(rows), standardError = (p * (1 - p) / Double(rows)).squareRoot()
        #expect(abs(frequency - p) <= 4.5 * standardError, "state \(state): \(frequency) against p(v) = \(p)", sourceLocation: sourceLocation)
    }
}
