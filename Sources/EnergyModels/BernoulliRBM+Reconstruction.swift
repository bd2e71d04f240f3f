// The mean-field reconstruction error: how far one deterministic up-down pass moves a row.
import SparseCoding

extension BernoulliRBM {
    /// The mean-field reconstruction of each row of `v` `[rows, visible]`:
    /// v̂ = E[v | h = p(h = 1 | v)], one pass up and down with probabilities and means in place
    /// of samples (deterministic). Cost: two products, 4·rows·V·H flops.
    public func reconstruct(_ v: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        visibleMeans(hiddenProbabilities(v, rows: rows, threads: threads), rows: rows, threads: threads)
    }

    /// ‖v − v̂‖² per row of `v` `[rows, visible]` (v̂ from `reconstruct`), in Double.
    public func reconstructionError(_ v: [Float], rows: Int, threads: Int? = nil) -> [Double] {
        let reconstruction = reconstruct(v, rows: rows, threads: threads)
        return (0..<rows).map { r in
            var sum = 0.0
            for i in (r * visible)..<((r + 1) * visible) {
                let d = Double(v[i]) - Double(reconstruction[i])
                sum += d * d
            }
            return sum
        }
    }
}
