// The free energy F(v) = −log Σ_h e^(−E(v, h)): the energy of a visible row with the hidden
// units summed out, the quantity contrastive divergence pushes down on data and up elsewhere.
import NeuralNetworks
import SparseCoding

extension BernoulliRBM {
    /// E(v, h) = −v·b − h·c − vᵀ·W·h (Gaussian visible units: ½‖v − b‖² − h·c − vᵀ·W·h) for
    /// one visible row `v` `[visible]` and one hidden row `h` `[hidden]` (any real values), in
    /// Double.
    public func energy(visible v: [Float], hidden h: [Float]) -> Double {
        precondition(v.count == visible && h.count == hidden, "energy: rows of \(v.count) and \(h.count), expected \(visible) and \(hidden)")
        var e = 0.0
        for i in 0..<visible {
            e += visibleTerm(v[i], bias: visibleBias[i])
            for j in 0..<hidden { e -= Double(v[i]) * Double(weights[i * hidden + j]) * Double(h[j]) }
        }
        for j in 0..<hidden { e -= Double(h[j]) * Double(hiddenBias[j]) }
        return e
    }

    /// F(v) = −v·b − Σⱼ softplus((v·W + c)ⱼ) (Gaussian visible units: ½‖v − b‖² − Σⱼ …) for
    /// each row of `v` `[rows, visible]` → `[rows]` (−log Σ_h e^(−E(v, h)) in closed form, since
    /// the hidden units are independent given v; sums in Double). Cost: one `matmul`, 2·rows·V·H flops.
    public func freeEnergy(_ v: [Float], rows: Int, threads: Int? = nil) -> [Float] {
        let activations = matmul(v, weights, m: rows, k: visible, n: hidden, threads: threads)
        return (0..<rows).map { r in
            var f = 0.0
            for i in 0..<visible { f += visibleTerm(v[r * visible + i], bias: visibleBias[i]) }
            for j in 0..<hidden { f -= Double(softplus(activations[r * hidden + j] + hiddenBias[j])) }
            return Float(f)
        }
    }

    /// The energy's term of one visible unit of value `v` and bias `b`: −v·b, or ½(v − b)².
    private func visibleTerm(_ v: Float, bias b: Float) -> Double {
        switch visibleUnits {
        case .bernoulli: return -Double(v) * Double(b)
        case .gaussian:
            let d = Double(v) - Double(b)
            return 0.5 * d * d
        }
    }
}
