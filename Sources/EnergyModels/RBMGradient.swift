// The log-likelihood gradient of an RBM as positive minus negative statistics.
import SparseCoding

/// An estimate of the gradient of the mean log-likelihood (1/N) Σₙ log p(vₙ) with respect to
/// an RBM's parameters, in the parameters' shapes:
///
///     ∂/∂W = ⟨v·p(h = 1 | v)ᵀ⟩_data − ⟨v·p(h = 1 | v)ᵀ⟩_model,
///     ∂/∂b = ⟨v⟩_data − ⟨v⟩_model,   ∂/∂c = ⟨p(h = 1 | v)⟩_data − ⟨p(h = 1 | v)⟩_model,
///
/// each ⟨·⟩ a mean over rows: the data's (positive phase) and the samples that stand for the
/// model's distribution (negative phase: CD-k's chains or persistent chains).
public struct RBMGradient: Sendable, Equatable {
    /// ∂/∂W `[visible, hidden]`.
    public var weights: [Float]
    /// ∂/∂b `[visible]`.
    public var visibleBias: [Float]
    /// ∂/∂c `[hidden]`.
    public var hiddenBias: [Float]

    /// The estimate from positive rows `positive` `[rows, visible]` with their hidden
    /// probabilities `positiveHidden` `[rows, hidden]`, and negative rows `negative`
    /// `[negativeRows, visible]` with `negativeHidden` `[negativeRows, hidden]`.
    /// Cost: one `matmulTransposedA` over both sets of rows stacked, 2·(rows + negativeRows)·V·H flops.
    public init(positive: [Float], positiveHidden: [Float], rows: Int,
                negative: [Float], negativeHidden: [Float], negativeRows: Int, threads: Int? = nil) {
        let visible = positive.count / max(rows, 1), hidden = positiveHidden.count / max(rows, 1)
        precondition(rows >= 1 && negativeRows >= 1 && positive.count == rows * visible && positiveHidden.count == rows * hidden
                     && negative.count == negativeRows * visible && negativeHidden.count == negativeRows * hidden,
                     "RBMGradient: shapes disagree")
        // [v₊; v₋]ᵀ · [h₊ / rows; −h₋ / negativeRows]: both phases in one product.
        let stackedVisible = positive + negative
        let positiveScale = 1 / Float(rows), negativeScale = -1 / Float(negativeRows)
        var stackedHidden = [Float](repeating: 0, count: (rows + negativeRows) * hidden)
        for i in 0..<positiveHidden.count { stackedHidden[i] = positiveHidden[i] * positiveScale }
        for i in 0..<negativeHidden.count { stackedHidden[positiveHidden.count + i] = negativeHidden[i] * negativeScale }
        weights = matmulTransposedA(stackedVisible, stackedHidden, m: visible, k: rows + negativeRows, n: hidden, threads: threads)
        visibleBias = columnMeanDifference(positive, rows: rows, negative, negativeRows: negativeRows, columns: visible)
        hiddenBias = columnMeanDifference(positiveHidden, rows: rows, negativeHidden, negativeRows: negativeRows, columns: hidden)
    }
}

/// mean over rows of `a` minus mean over rows of `b`, per column, summed in Double.
private func columnMeanDifference(_ a: [Float], rows: Int, _ b: [Float], negativeRows: Int, columns: Int) -> [Float] {
    var sumA = [Double](repeating: 0, count: columns), sumB = [Double](repeating: 0, count: columns)
    for r in 0..<rows { for j in 0..<columns { sumA[j] += Double(a[r * columns + j]) } }
    for r in 0..<negativeRows { for j in 0..<columns { sumB[j] += Double(b[r * columns + j]) } }
    return (0..<columns).map { Float(sumA[$0] / Double(rows) - sumB[$0] / Double(negativeRows)) }
}

extension BernoulliRBM {
    /// Ascends the log-likelihood by one step: θ ← θ + rate·g for W, b and c (plain SGD, as
    /// scikit-learn's `BernoulliRBM`: no momentum, no weight decay).
    public mutating func apply(_ gradient: RBMGradient, learningRate rate: Float) {
        precondition(gradient.weights.count == weights.count && gradient.visibleBias.count == visible
                     && gradient.hiddenBias.count == hidden, "apply: the gradient does not fit the model")
        for i in weights.indices { weights[i] += rate * gradient.weights[i] }
        for i in visibleBias.indices { visibleBias[i] += rate * gradient.visibleBias[i] }
        for j in hiddenBias.indices { hiddenBias[j] += rate * gradient.hiddenBias[j] }
    }
}
