// One SGD step of RBM training without allocation: the buffers sized once per batch shape, the
// products on the kernel path without packing, the samples drawn in place and the update
// written straight into the parameters.
import KernelSupport
import SparseCoding
import TensorCore

/// The buffers and the arithmetic of one `RBMTraining` step on a batch of `rows` rows against
/// `negativeRows` negative rows (persistent CD's chains, or CD-k's chain per row).
///
/// The same numbers as `persistentGradient` or `contrastiveDivergenceGradient` followed by
/// `apply`, bit for bit: the same products on the same kernel path (each row of a product is
/// the same chain of multiply-adds whatever rows it is computed with), the same draws in the
/// same order, the same sums and roundings. At scikit-learn's batch of 10 those functions spend
/// more time allocating, copying and packing than multiplying (10×64 by 64×100 products); here
/// the buffers are kept across steps, the products read W and the batch in place
/// (`KernelTable.multiplyUnpacked`, `multiply`'s bits; h·Wᵀ as (W·hᵀ)ᵀ, the same products in
/// the same order), the sigmoids run on the kernel path (`KernelTable.sigmoidRows`:
/// `applySigmoid`'s bits, in AVX-512 registers where the baseline has SSE), the bias
/// statistics are summed without temporaries and the gradient of W goes from the kernel into
/// one buffer and onto W.
///
/// Every product runs on the calling thread: `RBMTraining` uses this step only when each of
/// them is under the engine's threshold for threads and within one depth block (`handles`).
struct RBMTrainingStep: Sendable {
    /// The shapes, the kernel path and where each buffer lies in `scratch`.
    let layout: Layout
    private var buffers: Buffers

    /// Buffers for steps of a machine of `visible` × `hidden` units on batches of `rows` rows
    /// with `negativeRows` negative rows, on the running kernel path.
    init(rows: Int, negativeRows: Int, visible: Int, hidden: Int) {
        precondition(rows >= 1 && negativeRows >= 1 && visible >= 1 && hidden >= 1, "RBMTrainingStep: empty shape")
        layout = Layout(rows: rows, negativeRows: negativeRows, visible: visible, hidden: hidden, kernels: KernelPath.active.table)
        buffers = Buffers(layout)
    }

    /// Whether this step computes what the general one would, as fast or faster: every depth
    /// of its products (V, H, rows + negativeRows) within one block of the blocked product
    /// (`KernelTable.unpackedDepthLimit`), and every product (the largest is
    /// 2·(rows + negativeRows)·V·H flops) below the size at which the engine splits a product
    /// across threads (4 MFLOP), or only one thread allowed (`threads`, else the processors
    /// this process may use).
    static func handles(rows: Int, negativeRows: Int, visible: Int, hidden: Int, threads: Int?) -> Bool {
        let limit = KernelTable.unpackedDepthLimit
        guard visible <= limit && hidden <= limit && rows + negativeRows <= limit else { return false }
        return (threads ?? processorCount) == 1 || 2 * (rows + negativeRows) * visible * hidden < 1 << 22
    }

    /// One persistent-CD step: the chains advance `steps` Gibbs steps (`PersistentChains.advance`'s
    /// draws), then θ ← θ + learningRate·g with g `persistentGradient`'s estimate on the rows
    /// `data[indices]` (`data` `[_, visible]`).
    /// - Precondition: `indices.count == rows`, `chains.count == negativeRows`, steps ≥ 1.
    mutating func persistent(_ model: inout BernoulliRBM, data: [Float], indices: ArraySlice<Int>, chains: inout PersistentChains,
                             steps: Int, learningRate: Float, generator: inout SeededGenerator) {
        let l = layout
        precondition(indices.count == l.rows && chains.count == l.negativeRows && steps >= 1
                     && model.visible == l.visible && model.hidden == l.hidden, "RBMTrainingStep: the batch, chains or model do not fit")
        var b = Buffers()
        swap(&b, &buffers)
        defer { swap(&b, &buffers) }
        for step in 1...steps {
            chains.hiddenStates.withUnsafeBufferPointer { h in
                l.visibleProducts(of: h.baseAddress!, weights: model.weights, scratch: &b.scratch, into: &b.chainVisibleProbabilities)
            }
            l.sigmoid(&b.chainVisibleProbabilities, bias: model.visibleBias)
            if step == steps {
                sample(b.chainVisibleProbabilities, into: &b.stackedVisible, at: l.rows * l.visible, generator: &generator)
            } else {
                sample(b.chainVisibleProbabilities, into: &b.scratch, at: l.chainVisible, generator: &generator)
                b.scratch.withUnsafeBufferPointer { s in
                    l.hiddenProducts(of: s.baseAddress! + l.chainVisible, rows: l.negativeRows, weights: model.weights,
                                     into: &b.chainHiddenProbabilities)
                }
                l.sigmoid(&b.chainHiddenProbabilities, bias: model.hiddenBias)
                sample(b.chainHiddenProbabilities, into: &chains.hiddenStates, at: 0, generator: &generator)
            }
        }
        l.gather(data, indices: indices, into: &b.stackedVisible)
        b.stackedVisible.withUnsafeBufferPointer { v in
            l.hiddenProducts(of: v.baseAddress!, rows: l.rows + l.negativeRows, weights: model.weights, into: &b.stackedHidden)
        }
        l.sigmoid(&b.stackedHidden, bias: model.hiddenBias)
        b.stackedHidden.withUnsafeBufferPointer { h in
            chains.hiddenStates.withUnsafeMutableBufferPointer { states in
                sampleBernoulli(h.baseAddress! + l.rows * l.hidden, count: l.negativeRows * l.hidden, into: states.baseAddress!,
                                generator: &generator)
            }
        }
        l.ascend(&model, learningRate: learningRate, &b)
    }

    /// One CD-k step (`contrastiveDivergenceGradient`'s draws), then θ ← θ + learningRate·g,
    /// on the rows `data[indices]`.
    /// - Precondition: `indices.count == rows == negativeRows`, steps ≥ 1.
    mutating func contrastiveDivergence(_ model: inout BernoulliRBM, data: [Float], indices: ArraySlice<Int>, steps: Int,
                                        learningRate: Float, generator: inout SeededGenerator) {
        let l = layout
        precondition(indices.count == l.rows && l.negativeRows == l.rows && steps >= 1
                     && model.visible == l.visible && model.hidden == l.hidden, "RBMTrainingStep: the batch or model does not fit")
        var b = Buffers()
        swap(&b, &buffers)
        defer { swap(&b, &buffers) }
        l.gather(data, indices: indices, into: &b.stackedVisible)
        let negativeStart = l.rows * l.visible
        b.stackedVisible.withUnsafeBufferPointer { v in
            l.hiddenProducts(of: v.baseAddress!, rows: l.rows, weights: model.weights, into: &b.positiveHidden)
        }
        l.sigmoid(&b.positiveHidden, bias: model.hiddenBias)
        sample(b.positiveHidden, into: &b.chainHidden, at: 0, generator: &generator)
        for step in 1...steps {
            b.chainHidden.withUnsafeBufferPointer { h in
                l.visibleProducts(of: h.baseAddress!, weights: model.weights, scratch: &b.scratch, into: &b.chainVisibleProbabilities)
            }
            l.sigmoid(&b.chainVisibleProbabilities, bias: model.visibleBias)
            sample(b.chainVisibleProbabilities, into: &b.stackedVisible, at: negativeStart, generator: &generator)
            b.stackedVisible.withUnsafeBufferPointer { v in
                l.hiddenProducts(of: v.baseAddress! + negativeStart, rows: l.rows, weights: model.weights, into: &b.chainHiddenProbabilities)
            }
            l.sigmoid(&b.chainHiddenProbabilities, bias: model.hiddenBias)
            if step < steps { sample(b.chainHiddenProbabilities, into: &b.chainHidden, at: 0, generator: &generator) }
        }
        let half = l.rows * l.hidden
        b.stackedHidden.withUnsafeMutableBufferPointer { stack in
            b.positiveHidden.withUnsafeBufferPointer { stack.baseAddress!.update(from: $0.baseAddress!, count: half) }
            b.chainHiddenProbabilities.withUnsafeBufferPointer { (stack.baseAddress! + half).update(from: $0.baseAddress!, count: half) }
        }
        l.ascend(&model, learningRate: learningRate, &b)
    }
}

extension RBMTrainingStep {
    /// A step's arrays: the probabilities, each worked on whole, and one `scratch` for the rest.
    struct Buffers: Sendable {
        /// `[rows + negativeRows, visible]`: the batch, then the negative phase's visible samples.
        var stackedVisible: [Float] = []
        /// `[rows + negativeRows, hidden]`: p(h = 1 | v) of `stackedVisible`, then scaled in
        /// place for the product of the weights' gradient.
        var stackedHidden: [Float] = []
        /// `[negativeRows, visible]`: p(v = 1 | h) of the negative chains.
        var chainVisibleProbabilities: [Float] = []
        /// `[negativeRows, hidden]`: p(h = 1 | v) inside the chains (CD-k's negative phase,
        /// persistent CD's steps but the last).
        var chainHiddenProbabilities: [Float] = []
        /// `[rows, hidden]`: CD-k's positive phase.
        var positiveHidden: [Float] = []
        /// `[rows, hidden]`: CD-k's binary hidden states.
        var chainHidden: [Float] = []
        /// The rest, at `Layout`'s offsets.
        var scratch: [Float] = []

        init() {}

        init(_ l: Layout) {
            let total = l.rows + l.negativeRows
            stackedVisible = [Float](repeating: 0, count: total * l.visible)
            stackedHidden = [Float](repeating: 0, count: total * l.hidden)
            chainVisibleProbabilities = [Float](repeating: 0, count: l.negativeRows * l.visible)
            chainHiddenProbabilities = [Float](repeating: 0, count: l.negativeRows * l.hidden)
            positiveHidden = [Float](repeating: 0, count: l.rows * l.hidden)
            chainHidden = positiveHidden
            scratch = [Float](repeating: 0, count: l.scratchCount)
        }
    }

    /// The shapes, the kernels, and the offsets in `Buffers.scratch` of: hidden rows transposed
    /// `[hidden, paddedRows]` and their (W·hᵀ) `[visible, paddedRows]` (`paddedRows`: the
    /// negative rows and zero columns up to a multiple of 16, whole vectors for the product), ∂/∂W `[visible,
    /// hidden]`, the chains' binary visible states `[negativeRows, visible]` (persistent CD's
    /// steps but the last), and the column sums of both phases (2·visible, then 2·hidden).
    struct Layout: Sendable {
        /// Positive rows (the batch) and negative rows per step.
        let rows: Int, negativeRows: Int
        let visible: Int, hidden: Int
        let kernels: KernelTable
        let paddedRows: Int, hiddenTransposed: Int, visibleTransposed: Int, weightGradient: Int
        let chainVisible: Int, visibleSums: Int, hiddenSums: Int, scratchCount: Int

        init(rows: Int, negativeRows: Int, visible: Int, hidden: Int, kernels: KernelTable) {
            self.rows = rows
            self.negativeRows = negativeRows
            self.visible = visible
            self.hidden = hidden
            self.kernels = kernels
            var end = 0
            func next(_ count: Int) -> Int { defer { end += count }; return end }
            paddedRows = (negativeRows + 15) / 16 * 16
            hiddenTransposed = next(hidden * paddedRows)
            visibleTransposed = next(visible * paddedRows)
            weightGradient = next(visible * hidden)
            chainVisible = next(negativeRows * visible)
            visibleSums = next(2 * visible)
            hiddenSums = next(2 * hidden)
            scratchCount = end
        }

        /// x ← σ(x + bias) for each row of x (`applySigmoid`'s bits, on the kernel path).
        func sigmoid(_ x: inout [Float], bias: [Float]) {
            x.withUnsafeMutableBufferPointer { x in
                bias.withUnsafeBufferPointer { bias in
                    kernels.sigmoidRows(x.baseAddress!, rows: x.count / bias.count, addingToEachRow: bias.baseAddress!, columns: bias.count)
                }
            }
        }

        /// v·W of `count` visible rows at `v` into `out` `[count, hidden]` (before the sigmoid).
        func hiddenProducts(of v: UnsafePointer<Float>, rows count: Int, weights: [Float], into out: inout [Float]) {
            weights.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { out in
                    kernels.multiplyUnpacked(rows: count, v, rowStride: visible, depthStride: 1, w.baseAddress!, ldb: hidden,
                                             depth: visible, columns: hidden, out.baseAddress!, ldc: hidden)
                }
            }
        }

        /// h·Wᵀ of the `negativeRows` hidden rows at `h` into `out` `[negativeRows, visible]`
        /// (before the sigmoid), as (W·hᵀ)ᵀ: W read in place, hᵀ and the result transposed in
        /// `scratch`.
        func visibleProducts(of h: UnsafePointer<Float>, weights: [Float], scratch: inout [Float], into out: inout [Float]) {
            let m = negativeRows, padded = paddedRows
            weights.withUnsafeBufferPointer { w in
                scratch.withUnsafeMutableBufferPointer { s in
                    let transposed = s.baseAddress! + hiddenTransposed, product = s.baseAddress! + visibleTransposed
                    for r in 0..<m {
                        for j in 0..<hidden { transposed[j * padded + r] = h[r * hidden + j] }
                    }
                    kernels.multiplyUnpacked(rows: visible, w.baseAddress!, rowStride: hidden, depthStride: 1, transposed, ldb: padded,
                                             depth: hidden, columns: padded, product, ldc: padded)
                    out.withUnsafeMutableBufferPointer { out in
                        for i in 0..<visible {
                            for r in 0..<m { out[r * visible + i] = product[i * padded + r] }
                        }
                    }
                }
            }
        }

        /// The batch's rows `data[indices]` into the first `rows` rows of `stackedVisible`.
        func gather(_ data: [Float], indices: ArraySlice<Int>, into stackedVisible: inout [Float]) {
            data.withUnsafeBufferPointer { data in
                stackedVisible.withUnsafeMutableBufferPointer { out in
                    for (row, index) in indices.enumerated() {
                        precondition(index >= 0 && (index + 1) * visible <= data.count, "RBMTrainingStep: row \(index) is not in the data")
                        (out.baseAddress! + row * visible).update(from: data.baseAddress! + index * visible, count: visible)
                    }
                }
            }
        }

        /// θ ← θ + rate·g from the stacked phases (`RBMGradient` then `apply`, the same
        /// roundings): the biases from the column means, W from [v₊; v₋]ᵀ · [h₊ / rows; −h₋ / negativeRows].
        func ascend(_ model: inout BernoulliRBM, learningRate rate: Float, _ b: inout Buffers) {
            let total = rows + negativeRows
            let positiveScale = 1 / Float(rows), negativeScale = -1 / Float(negativeRows)
            b.stackedVisible.withUnsafeBufferPointer { v in
                b.stackedHidden.withUnsafeMutableBufferPointer { h in
                    b.scratch.withUnsafeMutableBufferPointer { s in
                        let s = s.baseAddress!, v = v.baseAddress!, h = h.baseAddress!
                        model.visibleBias.withUnsafeMutableBufferPointer { bias in
                            ascendColumnMeans(bias.baseAddress!, v, columns: visible, rows: rows, negativeRows: negativeRows,
                                              sums: s + visibleSums, rate: rate)
                        }
                        model.hiddenBias.withUnsafeMutableBufferPointer { bias in
                            ascendColumnMeans(bias.baseAddress!, h, columns: hidden, rows: rows, negativeRows: negativeRows,
                                              sums: s + hiddenSums, rate: rate)
                        }
                        let boundary = rows * hidden
                        for i in 0..<boundary { h[i] *= positiveScale }
                        for i in boundary..<(total * hidden) { h[i] *= negativeScale }
                        kernels.multiplyUnpacked(rows: visible, v, rowStride: 1, depthStride: visible, h, ldb: hidden,
                                                 depth: total, columns: hidden, s + weightGradient, ldc: hidden)
                        model.weights.withUnsafeMutableBufferPointer { w in
                            let w = w.baseAddress!, g = s + weightGradient
                            for i in 0..<(visible * hidden) { w[i] += rate * g[i] }
                        }
                    }
                }
            }
        }
    }
}

/// Bernoulli draws from all of `probabilities` into `out` from index `offset`.
private func sample(_ probabilities: [Float], into out: inout [Float], at offset: Int, generator: inout SeededGenerator) {
    probabilities.withUnsafeBufferPointer { p in
        out.withUnsafeMutableBufferPointer { out in
            precondition(offset + p.count <= out.count, "RBMTrainingStep: \(p.count) samples do not fit")
            sampleBernoulli(p.baseAddress!, count: p.count, into: out.baseAddress! + offset, generator: &generator)
        }
    }
}

/// bias += rate·(mean of the first `rows` rows of x − mean of the next `negativeRows`), per
/// column, the sums row by row in Float (`RBMGradient`'s column means); `sums` holds 2·columns.
private func ascendColumnMeans(_ bias: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, columns: Int, rows: Int,
                               negativeRows: Int, sums: UnsafeMutablePointer<Float>, rate: Float) {
    let positive = sums, negative = sums + columns
    positive.update(repeating: 0, count: 2 * columns)
    for r in 0..<rows {
        let row = x + r * columns
        for j in 0..<columns { positive[j] += row[j] }
    }
    for r in rows..<(rows + negativeRows) {
        let row = x + r * columns
        for j in 0..<columns { negative[j] += row[j] }
    }
    let positiveScale = 1 / Float(rows), negativeScale = 1 / Float(negativeRows)
    for j in 0..<columns { bias[j] += rate * (positive[j] * positiveScale - negative[j] * negativeScale) }
}
