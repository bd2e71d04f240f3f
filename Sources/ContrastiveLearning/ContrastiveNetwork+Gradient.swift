// The InfoNCE loss of a batch of view pairs and its gradient by hand-written backpropagation.
import NeuralNetworks

extension ContrastiveNetwork {
    /// What one batch gave: the loss's result (loss, similarities, ∂L/∂z), the normalised
    /// projections (for a memory bank or queue) and ∂L/∂θ in parameter order.
    public struct BatchGradient: Sendable {
        /// The loss and its diagnostics (`InfoNCELoss.Result`).
        public var loss: InfoNCELoss.Result
        /// The batch's projections scaled to unit length, `[rows, dimension]`.
        public var normalizedProjections: [Float]
        /// ∂L/∂θ, one tensor per parameter, each shaped like it.
        public var gradient: [[Float]]
    }

    /// The InfoNCE loss of views X `[rows, features]` (rows 2i and 2i+1 the two views of one
    /// image) with `bank` rows `[M, dimension]` as extra negatives, and its gradient:
    /// forward through every layer keeping the activations, the loss's ∂L/∂z, then back
    /// through the head and the encoder (ReLU masks from the forward outputs).
    /// - Precondition: rows even and ≥ 4; X and the bank of the network's widths.
    public func lossAndGradient(_ x: [Float], rows: Int, loss: InfoNCELoss, bank: [Float] = [], threads: Int? = nil) -> BatchGradient {
        precondition(x.count == rows * architecture.features, "ContrastiveNetwork: \(x.count) values are not \(rows)×\(architecture.features)")
        // inputs[l] is layer l's input; the last entry is the projection z.
        var inputs = [x]
        for (index, layer) in layers.enumerated() {
            let isLast = index == layers.count - 1
            inputs.append(layer.forward(inputs[index], rows: rows, activation: isLast ? .identity : .relu, threads: threads))
        }
        let result = loss.evaluate(inputs[layers.count], rows: rows, dimension: architecture.dimension, memoryBank: bank, threads: threads)
        var gradient = [[Float]](repeating: [], count: 2 * layers.count)
        var outputGradient = result.gradient
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            if index < layers.count - 1 { reluBackward(&outputGradient, output: inputs[index + 1]) }
            let parts = layers[index].backward(input: inputs[index], outputGradient: outputGradient, rows: rows,
                                               inputGradient: index > 0, threads: threads)
            gradient[2 * index] = parts.weights
            gradient[2 * index + 1] = parts.bias
            if let input = parts.input { outputGradient = input }
        }
        let normalized = loss.normalization.forward(inputs[layers.count], rows: rows, columns: architecture.dimension).normalized
        return BatchGradient(loss: result, normalizedProjections: normalized, gradient: gradient)
    }
}
