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
        precondition(rows >= 1 && negativeRows >= 1, "RBMGradient: \(rows) positive and \(negativeRows) negative rows")
        self.init(stackedVisible: positive + negative, stackedHidden: positiveHidden + negativeHidden,
                  positiveRows: rows, negativeRows: negativeRows, threads: threads)
    }

    /// The estimate from both phases stacked: visible rows `[rows + negativeRows, visible]`
    /// and their hidden probabilities `[rows + negativeRows, hidden]`, the positive rows first
    /// (consumed: `stackedHidden` is scaled in place).
    init(stackedVisible: [Float], stackedHidden: consuming [Float], positiveRows rows: Int, negativeRows: Int, threads: Int?) {
        let total = rows + negativeRows
        let visible = stackedVisible.count / total, hidden = stackedHidden.count / total
        precondition(rows >= 1 && negativeRows >= 1 && stackedVisible.count == total * visible && stackedHidden.count == total * hidden,
                     "RBMGradient: shapes disagree")
        visibleBias = columnMeanDifference(stackedVisible, columns: visible, positiveRows: rows, negativeRows: negativeRows)
        hiddenBias = columnMeanDifference(stackedHidden, columns: hidden, positiveRows: rows, negativeRows: negativeRows)
        // [v₊; v₋]ᵀ · [h₊ / rows; −h₋ / negativeRows]: both phases in one product.
        var scaled = stackedHidden
        let positiveScale = 1 / Float(rows), negativeScale = -1 / Float(negativeRows), boundary = rows * hidden
        scaled.withUnsafeMutableBufferPointer { h in
            for i in 0..<boundary { h[i] *= positiveScale }
            for i in boundary..<h.count { h[i] *= negativeScale }
        }
        weights = matmulTransposedA(stackedVisible, scaled, m: visible, k: total, n: hidden, threads: threads)
    }
}

/// Per column, the mean of the first `positiveRows` rows of `x` minus the mean of the next
/// `negativeRows` rows (sums of a batch's rows, in Float as the products).
private func columnMeanDifference(_ x: [Float], columns: Int, positiveRows: Int, negativeRows: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: columns) { out, initialized in
        x.withUnsafeBufferPointer { x in
            var positive = [Float](repeating: 0, count: columns), negative = positive
            positive.withUnsafeMutableBufferPointer { positive in
                negative.withUnsafeMutableBufferPointer { negative in
                    for r in 0..<positiveRows { for j in 0..<columns { positive[j] += x[r * columns + j] } }
                    for r in positiveRows..<(positiveRows + negativeRows) { for j in 0..<columns { negative[j] += x[r * columns + j] } }
                    let positiveScale = 1 / Float(positiveRows), negativeScale = 1 / Float(negativeRows)
                    for j in 0..<columns { out[j] = positive[j] * positiveScale - negative[j] * negativeScale }
                }
            }
        }
        initialized = columns
    }
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
