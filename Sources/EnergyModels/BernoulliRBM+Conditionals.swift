// The two conditionals of the RBM: p(h = 1 | v) and p(v = 1 | h), one matrix product each.
import NeuralNetworks
import SparseCoding

extension BernoulliRBM {
    /// p(hⱼ = 1 | v) = σ(v·W + c)ⱼ for each row of `v` `[rows, visible]` → `[rows, hidden]`
    /// (the units are independent given v). Cost: one `matmul`, 2·rows·V·H flops.
    public func hiddenProbabilities(_ v: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        var p = matmul(v, weights, m: rows, k: visible, n: hidden, threads: threads)
        applySigmoid(&p, addingToEachRow: hiddenBias)
        return p
    }

    /// p(vᵢ = 1 | h) = σ(h·Wᵀ + b)ᵢ for each row of `h` `[rows, hidden]` → `[rows, visible]`.
    /// Cost: one `matmulTransposedB`, 2·rows·V·H flops.
    public func visibleProbabilities(_ h: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        var p = matmulTransposedB(h, weights, m: rows, k: hidden, n: visible, threads: threads)
        applySigmoid(&p, addingToEachRow: visibleBias)
        return p
    }
}
