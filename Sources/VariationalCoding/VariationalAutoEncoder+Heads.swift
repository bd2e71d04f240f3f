// The mean and logvar heads side by side, so that both take one matrix product each way.
import NeuralNetworks

extension VariationalAutoEncoder {
    /// The two heads as one layer hidden.last → 2·latent: W = [W_μ | W_logvar] column-wise,
    /// b = [b_μ, b_logvar], so row r of its output is [μ_r, logvar_r]. One product of width
    /// 2·latent fills the kernel's tiles better than two of width latent.
    var jointHeads: DenseLayer {
        let mean = meanHead, logVariance = logVarianceHead
        let latent = architecture.latent, width = 2 * latent
        var weights = [Float](repeating: 0, count: mean.inputs * width)
        for k in 0..<mean.inputs {
            weights.replaceSubrange((k * width)..<(k * width + latent), with: mean.weights[(k * latent)..<((k + 1) * latent)])
            weights.replaceSubrange((k * width + latent)..<((k + 1) * width), with: logVariance.weights[(k * latent)..<((k + 1) * latent)])
        }
        return DenseLayer(inputs: mean.inputs, outputs: width, weights: weights, bias: mean.bias + logVariance.bias)
    }
}

/// The left and right halves of the columns of `joint` `[rows, 2·half]`, each `[rows, half]`.
func splitColumns(_ joint: [Float], rows: Int, half: Int) -> (left: [Float], right: [Float]) {
    precondition(joint.count == rows * 2 * half, "splitColumns: \(joint.count) values are not \(rows)×\(2 * half)")
    let count = rows * half
    guard count > 0 else { return ([], []) }
    return joint.withUnsafeBufferPointer { joint in
        func columns(from offset: Int) -> [Float] {
            [Float](unsafeUninitializedCapacity: count) { out, initialized in
                for r in 0..<rows {
                    (out.baseAddress! + r * half).initialize(from: joint.baseAddress! + r * 2 * half + offset, count: half)
                }
                initialized = count
            }
        }
        return (columns(from: 0), columns(from: half))
    }
}
