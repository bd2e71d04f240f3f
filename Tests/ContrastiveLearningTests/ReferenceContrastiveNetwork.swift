// An independent forward pass of the contrastive network and its NT-Xent loss in Double,
// written with plain loops from the design (it calls nothing of the library's forward or
// loss), and central finite differences of it.
import Foundation
import TensorCore
@testable import ContrastiveLearning

/// The network of contrast-design.md with parameters as Double arrays in its order: encoder
/// 0..<n (ReLU), head.0 (ReLU), head.1 (linear); W `[in, out]` row-major, then b.
struct ReferenceContrastiveNetwork {
    let features: Int
    let hidden: [Int]
    let dimension: Int
    var parameters: [[Double]]

    init(_ network: ContrastiveNetwork) {
        features = network.architecture.features
        hidden = network.architecture.hidden
        dimension = network.architecture.dimension
        parameters = network.parameters.map { $0.values.map(Double.init) }
    }

    /// The number of layers followed by a ReLU: the encoder's and head.0.
    var reluLayers: Int { hidden.count + 1 }

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

    /// Every ReLU layer's input (pre-activation) for one row, then the projection z.
    func forward(_ x: [Double]) -> (preActivations: [[Double]], projection: [Double]) {
        var a = x
        var pre: [[Double]] = []
        for layer in 0..<reluLayers {
            let y = affine(a, layer: layer)
            pre.append(y)
            a = y.map { max($0, 0) }
        }
        return (pre, affine(a, layer: reluLayers))
    }

    /// h, the last encoder ReLU's output, for one row.
    func represent(_ x: [Double]) -> [Double] {
        forward(x).preActivations[hidden.count - 1].map { max($0, 0) }
    }

    /// Row `r` of `values` `[_, width]` as Doubles.
    static func row(_ values: [Float], _ r: Int, width: Int) -> [Double] {
        (0..<width).map { Double(values[r * width + $0]) }
    }

    /// Rows `[_, width]` each divided by its length, in Float as the library does (Float sums
    /// in column order, then one division per value).
    static func unitRows(_ rows: [Float], width: Int) -> [Float] {
        var out = rows
        for r in 0..<(rows.count / width) {
            var squares: Float = 0
            for j in 0..<width { squares += rows[r * width + j] * rows[r * width + j] }
            let length = max(squares.squareRoot(), 1e-12)
            for j in 0..<width { out[r * width + j] = rows[r * width + j] / length }
        }
        return out
    }

    /// `v` divided by its length.
    static func unit(_ v: [Double]) -> [Double] {
        let length = v.map { $0 * $0 }.reduce(0, +).squareRoot()
        return v.map { $0 / length }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { $0 * $1 }.reduce(0, +) }

    /// NT-Xent of views X `[rows, features]` (rows 2i, 2i+1 a pair): for each anchor a,
    /// −log(exp(zₐ·z_partner/τ) / Σ_{k≠a} exp(zₐ·zₖ/τ)), averaged over anchors; plus, with
    /// keys, the key loss: for each row a, −log(exp(zₐ·pₐ/τ) / (exp(zₐ·pₐ/τ) + Σₘ exp(zₐ·nₘ/τ)))
    /// averaged over rows, positives `[rows, dimension]` and negatives `[M, dimension]`
    /// normalised here and constant. Also the unit projections, row after row.
    func loss(_ x: [Float], rows: Int, temperature: Double, positives: [Float] = [], negatives: [Float] = [])
        -> (loss: Double, unitProjections: [[Double]]) {
        let z = (0..<rows).map { Self.unit(forward(Self.row(x, $0, width: features)).projection) }
        let n = (0..<(negatives.count / dimension)).map { Self.unit(Self.row(negatives, $0, width: dimension)) }
        var total = 0.0
        for a in 0..<rows {
            let partner = a % 2 == 0 ? a + 1 : a - 1
            var denominator = 0.0
            for k in 0..<rows where k != a { denominator += exp(Self.dot(z[a], z[k]) / temperature) }
            total += -log(exp(Self.dot(z[a], z[partner]) / temperature) / denominator)
        }
        var keyTotal = 0.0
        if !positives.isEmpty {
            for a in 0..<rows {
                let positive = exp(Self.dot(z[a], Self.unit(Self.row(positives, a, width: dimension))) / temperature)
                keyTotal += -log(positive / (positive + n.map { exp(Self.dot(z[a], $0) / temperature) }.reduce(0, +)))
            }
        }
        return (total / Double(rows) + keyTotal / Double(rows), z)
    }

    /// Central finite differences of `objective` with respect to every element of every
    /// parameter, in Double with step h.
    func finiteDifferences(h: Double = 1e-6, _ objective: (ReferenceContrastiveNetwork) -> Double) -> [[Double]] {
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

/// `count` seeded values uniform in [lower, upper).
func uniformValues(_ count: Int, seed: UInt64, _ lower: Double = -1, _ upper: Double = 1) -> [Float] {
    var generator = SeededGenerator(seed: seed ^ 0x7E57)
    return (0..<count).map { _ in Float(lower + (upper - lower) * generator.unit()) }
}
