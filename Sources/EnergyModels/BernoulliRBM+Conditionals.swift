// The two conditionals of the RBM: p(h = 1 | v) and E[v | h], one matrix product each.
import NeuralNetworks
import SparseCoding
import TensorCore

extension BernoulliRBM {
    /// p(hⱼ = 1 | v) = σ(v·W + c)ⱼ for each row of `v` `[rows, visible]` → `[rows, hidden]`
    /// (the units are independent given v). Cost: one `matmul`, 2·rows·V·H flops.
    public func hiddenProbabilities(_ v: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        var p = matmul(v, weights, m: rows, k: visible, n: hidden, threads: threads)
        applySigmoid(&p, addingToEachRow: hiddenBias)
        return p
    }

    /// E[v | h] for each row of `h` `[rows, hidden]` → `[rows, visible]`: for binary visible
    /// units the probabilities p(vᵢ = 1 | h) = σ(h·Wᵀ + b)ᵢ, for Gaussian ones the means
    /// (h·Wᵀ + b)ᵢ. Cost: one `matmulTransposedB`, 2·rows·V·H flops.
    public func visibleMeans(_ h: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        var p = matmulTransposedB(h, weights, m: rows, k: hidden, n: visible, threads: threads)
        switch visibleUnits {
        case .bernoulli: applySigmoid(&p, addingToEachRow: visibleBias)
        case .gaussian:
            p.withUnsafeMutableBufferPointer { p in
                for r in 0..<rows { for i in 0..<visible { p[r * visible + i] += visibleBias[i] } }
            }
        }
        return p
    }

    /// Visible states drawn from p(v | h) for each row of `h` `[rows, hidden]`
    /// (`VisibleUnits.sample` of `visibleMeans`).
    public func sampleVisible(_ h: [Float], rows: Int, generator: inout SeededGenerator, threads: Int? = nil) -> [Float] {
        visibleUnits.sample(means: visibleMeans(h, rows: rows, threads: threads), generator: &generator)
    }
}
