// The InfoNCE / NT-Xent contrastive loss of SimCLR on L2-normalised projections, with its gradient.
import SparseCoding
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The normalised-temperature cross-entropy (NT-Xent) of SimCLR, InfoNCE with the other views
/// of the batch as negatives.
///
/// The batch H `[2N, d]` holds N pairs side by side: **rows 2i and 2i+1 are the two views of
/// image i** (the positive of anchor a is row a ^ 1). With zₐ = hₐ / max(‖hₐ‖, ε) and
/// sₐₖ = zₐ·zₖ / τ,
///
///     L = (1 / 2N) Σₐ [ −sₐ,ₚ₍ₐ₎ + log Σ_{k≠a} exp(sₐₖ) ]
///
/// each anchor's softmax runs over its positive and its 2N − 2 negatives (not itself), with the
/// largest logit subtracted first (a stable log-sum-exp). When all 2N embeddings coincide every
/// logit is 1/τ and L = log(2N − 1) for every τ (the "log(batch)" with batch = the 2N − 1
/// candidates of an anchor).
///
/// Cost: one Gram product Z·Zᵀ (2·(2N)²·d flops), one (2N)² softmax pass, one product for the
/// gradient.
public struct InfoNCELoss: Sendable, Equatable {
    /// τ > 0: the softmax temperature; small τ weights the hardest negatives most.
    public var temperature: Float
    /// The normalisation applied to the projections first.
    public var normalization: L2Normalization

    /// The loss, its diagnostics and its gradient for one batch.
    public struct Result: Sendable, Equatable {
        /// L, the mean over the 2N anchors.
        public var loss: Float
        /// The mean cosine similarity zₐ·zₚ₍ₐ₎ of the positive pairs.
        public var meanPositiveSimilarity: Float
        /// The mean cosine similarity zₐ·zₖ over all ordered negative pairs (k ∉ {a, p(a)}),
        /// memory-bank entries included.
        public var meanNegativeSimilarity: Float
        /// ∂L/∂H `[2N, d]`, with respect to the unnormalised projections.
        public var gradient: [Float]
        /// The positive/negative gap, mean positive − mean negative similarity.
        public var similarityGap: Float { meanPositiveSimilarity - meanNegativeSimilarity }
    }

    /// A loss at temperature τ.
    /// - Precondition: τ > 0.
    public init(temperature: Float, normalization: L2Normalization = L2Normalization()) {
        precondition(temperature > 0 && temperature.isFinite, "InfoNCELoss: temperature must be positive")
        self.temperature = temperature
        self.normalization = normalization
    }

    /// L, the similarities and ∂L/∂H for projections H `[rows, dimension]`, pairs at rows
    /// (2i, 2i+1). A memory bank `[M, dimension]` (PIRL; a MoCo queue alike) adds M negatives
    /// to every anchor's softmax: its rows are normalised here and treated as constants (no
    /// gradient flows into them), and with identical embeddings L = log(2N − 1 + M).
    /// `threads` is passed to the matrix products.
    /// - Precondition: rows even and ≥ 4 (at least two pairs, so every anchor has a negative),
    ///   dimension ≥ 1, `memoryBank.count` a multiple of `dimension`.
    public func evaluate(_ projections: [Float], rows: Int, dimension: Int, memoryBank: [Float] = [], threads: Int? = nil) -> Result {
        precondition(rows >= 4 && rows % 2 == 0, "InfoNCELoss: needs an even number of rows, at least 4 (two pairs); got \(rows)")
        precondition(dimension >= 1 && projections.count == rows * dimension,
                     "InfoNCELoss: \(projections.count) values for \(rows)×\(dimension)")
        precondition(memoryBank.count % dimension == 0, "InfoNCELoss: a memory bank of \(memoryBank.count) values is not rows of \(dimension)")
        let bankRows = memoryBank.count / dimension
        let (z, divisors) = normalization.forward(projections, rows: rows, columns: dimension)
        let bank = normalization.forward(memoryBank, rows: bankRows, columns: dimension).normalized
        var cosines = matmulTransposedB(z, z, m: rows, k: dimension, n: rows, threads: threads)
        let bankCosines = bankRows > 0 ? matmulTransposedB(z, bank, m: rows, k: dimension, n: bankRows, threads: threads) : []
        let inverseTemperature = 1 / temperature
        // Become ∂L/∂S and ∂L/∂S_bank: (softmax − one-hot of the positive) / 2N, zero on the
        // diagonal of the batch part.
        var logitGradient = [Float](repeating: 0, count: rows * rows)
        var bankGradient = [Float](repeating: 0, count: rows * bankRows)
        let (loss, positive, negative) = softmaxOfAnchors(cosines: &cosines, bankCosines: bankCosines, rows: rows, bankRows: bankRows,
                                                          logitGradient: &logitGradient, bankGradient: &bankGradient,
                                                          parallel: (threads ?? processorCount) >= 2 && rows >= 64)
        // S = Z·Zᵀ/τ is symmetric in Z: ∂L/∂Z = (G + Gᵀ)·Z / τ, plus G_bank·B / τ for the bank.
        symmetrize(&logitGradient, order: rows, scale: inverseTemperature)
        var normalizedGradient = matmul(logitGradient, z, m: rows, k: rows, n: dimension, threads: threads)
        if bankRows > 0 {
            let fromBank = matmul(bankGradient, bank, m: rows, k: bankRows, n: dimension, threads: threads)
            for i in normalizedGradient.indices { normalizedGradient[i] += fromBank[i] }
        }
        let gradient = normalization.backward(outputGradient: normalizedGradient, normalized: z, divisors: divisors,
                                              rows: rows, columns: dimension)
        return Result(loss: Float(loss / Double(rows)),
                      meanPositiveSimilarity: Float(positive / Double(rows)),
                      meanNegativeSimilarity: Float(negative / Double(rows * (rows - 2 + bankRows))),
                      gradient: gradient)
    }
}
