// InfoNCE of queries against constant keys: PIRL's memory-bank loss and MoCo's queue loss.
import SparseCoding
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// InfoNCE with **constant** keys: each query row qₐ (gradient flows into it) has its own
/// positive key pₐ and shares M negative keys nₘ, none of which receive a gradient:
///
///     L = (1 / R) Σₐ [ −qₐ·pₐ/τ + log( exp(qₐ·pₐ/τ) + Σₘ exp(qₐ·nₘ/τ) ) ]
///
/// on unit rows (queries normalised here by `L2Normalization`; keys normalised here too).
/// This is PIRL's loss (positive: the image's memory-bank entry, negatives: other images'
/// entries) and MoCo's (positive: the other view's key from the momentum encoder, negatives:
/// the queue). Because the positive is as old as the negatives, the network cannot lower the
/// loss by moving every query away from stale keys at once, which it can when only the
/// negatives are stale.
public struct KeyContrastLoss: Sendable, Equatable {
    /// τ > 0.
    public var temperature: Float
    /// The normalisation applied to queries and keys.
    public var normalization: L2Normalization

    /// A loss at temperature τ.
    /// - Precondition: τ > 0.
    public init(temperature: Float, normalization: L2Normalization = L2Normalization()) {
        precondition(temperature > 0 && temperature.isFinite, "KeyContrastLoss: temperature must be positive")
        self.temperature = temperature
        self.normalization = normalization
    }

    /// L, the mean positive and negative cosine and ∂L/∂Q for queries Q `[rows, dimension]`,
    /// positives `[rows, dimension]` and negatives `[M, dimension]` (M ≥ 0).
    public func evaluate(queries: [Float], positives: [Float], negatives: [Float], rows: Int, dimension: Int,
                         threads: Int? = nil) -> InfoNCELoss.Result {
        precondition(rows >= 1 && dimension >= 1 && queries.count == rows * dimension && positives.count == rows * dimension,
                     "KeyContrastLoss: queries and positives must be \(rows)×\(dimension)")
        precondition(negatives.count % dimension == 0, "KeyContrastLoss: negatives are not rows of \(dimension)")
        let negativeRows = negatives.count / dimension
        let (q, divisors) = normalization.forward(queries, rows: rows, columns: dimension)
        let p = normalization.forward(positives, rows: rows, columns: dimension).normalized
        let n = normalization.forward(negatives, rows: negativeRows, columns: dimension).normalized
        var negativeGradient = negativeRows > 0 ? matmulTransposedB(q, n, m: rows, k: dimension, n: negativeRows, threads: threads) : []
        var normalizedGradient = [Float](repeating: 0, count: rows * dimension)
        let inverseTemperature = 1 / temperature, scale = 1 / Float(rows)
        var loss = 0.0, positive = 0.0, negative = 0.0
        for a in 0..<rows {
            let base = a * negativeRows
            var cosine: Float = 0
            for j in 0..<dimension { cosine += q[a * dimension + j] * p[a * dimension + j] }
            let positiveLogit = cosine * inverseTemperature
            var largest = positiveLogit
            for m in 0..<negativeRows { largest = max(largest, negativeGradient[base + m] * inverseTemperature) }
            let positiveWeight = expf(positiveLogit - largest)
            var sum = positiveWeight
            for m in 0..<negativeRows {
                negative += Double(negativeGradient[base + m])
                let e = expf(negativeGradient[base + m] * inverseTemperature - largest)
                negativeGradient[base + m] = e
                sum += e
            }
            loss += Double(logf(sum) - (positiveLogit - largest))
            positive += Double(cosine)
            // ∂L/∂qₐ = ((softmax of the positive − 1)·pₐ + Σₘ softmaxₘ·nₘ) / (τ R)
            for m in 0..<negativeRows { negativeGradient[base + m] *= scale * inverseTemperature / sum }
            let positiveCoefficient = (positiveWeight / sum - 1) * scale * inverseTemperature
            for j in 0..<dimension { normalizedGradient[a * dimension + j] = positiveCoefficient * p[a * dimension + j] }
        }
        if negativeRows > 0 {
            let fromNegatives = matmul(negativeGradient, n, m: rows, k: negativeRows, n: dimension, threads: threads)
            for i in normalizedGradient.indices { normalizedGradient[i] += fromNegatives[i] }
        }
        let gradient = normalization.backward(outputGradient: normalizedGradient, normalized: q, divisors: divisors,
                                              rows: rows, columns: dimension)
        return InfoNCELoss.Result(loss: Float(loss / Double(rows)), meanPositiveSimilarity: Float(positive / Double(rows)),
                                  meanNegativeSimilarity: negativeRows > 0 ? Float(negative / Double(rows * negativeRows)) : 0,
                                  gradient: gradient)
    }
}
