// The InfoNCE loss of a batch of view pairs and its gradient by hand-written backpropagation.
import NeuralNetworks
import SparseCoding

extension ContrastiveNetwork {
    /// Constant keys a batch's views are also contrasted with (`KeyContrastLoss`): one
    /// positive per view row and shared negatives, both `[_, dimension]`.
    public struct Keys: Sendable {
        public var positives: [Float]
        public var negatives: [Float]

        public init(positives: [Float], negatives: [Float]) {
            self.positives = positives
            self.negatives = negatives
        }
    }

    /// What one batch gave: the in-batch loss's result (loss, similarities, ∂L/∂z), the key
    /// loss's when keys were given, the normalised projections (for a memory bank or queue)
    /// and ∂L/∂θ of their sum in parameter order.
    public struct BatchGradient: Sendable {
        /// The in-batch InfoNCE loss and its diagnostics (`InfoNCELoss.Result`).
        public var loss: InfoNCELoss.Result
        /// The loss against the keys; nil without keys.
        public var keyLoss: InfoNCELoss.Result?
        /// The objective, the sum of the two losses.
        public var objective: Float { loss.loss + (keyLoss?.loss ?? 0) }
        /// The batch's projections scaled to unit length, `[rows, dimension]`.
        public var normalizedProjections: [Float]
        /// ∂L/∂θ, one tensor per parameter, each shaped like it.
        public var gradient: [[Float]]
    }

    /// The InfoNCE loss of views X `[rows, features]` (rows 2i and 2i+1 the two views of one
    /// image), plus with `keys` the `KeyContrastLoss` of the same projections against them
    /// (PIRL's memory bank, MoCo's queue), and the gradient of their sum:
    /// forward through every layer keeping the activations, the loss's ∂L/∂z, then back
    /// through the head and the encoder (ReLU masks from the forward outputs).
    /// - Precondition: rows even and ≥ 4; X and the keys of the network's widths.
    public func lossAndGradient(_ x: [Float], rows: Int, loss: InfoNCELoss, keys: Keys? = nil, threads: Int? = nil) -> BatchGradient {
        precondition(x.count == rows * architecture.features, "ContrastiveNetwork: \(x.count) values are not \(rows)×\(architecture.features)")
        // A batch of `halvingRows` or more is worked as two halves of rows through the MLP
        // (on two threads when allowed), the loss on all rows between the passes; the halves'
        // gradients are added, so the bytes never depend on the thread count.
        let halves = rows >= Self.halvingRows ? [0..<(rows / 2), (rows / 2)..<rows] : [0..<rows]
        let parallel = halves.count == 2 && (threads ?? processorCount) >= 2
        let features = architecture.features, dimension = architecture.dimension
        var passes = [[[Float]]](repeating: [], count: halves.count)
        passes.withUnsafeMutableBufferPointer { passes in
            forEachRange(halves.count, parts: parallel ? 2 : 1) { range in
                for half in range {
                    let span = halves[half]
                    passes[half] = forwardPass(Array(x[(span.lowerBound * features)..<(span.upperBound * features)]), rows: span.count,
                                               threads: parallel ? 1 : threads)
                }
            }
        }
        let z = passes.count == 1 ? passes[0][layers.count] : passes[0][layers.count] + passes[1][layers.count]
        let result = loss.evaluate(z, rows: rows, dimension: dimension, threads: threads)
        var outputGradient = result.gradient
        let keyResult = keys.map {
            KeyContrastLoss(temperature: loss.temperature, normalization: loss.normalization)
                .evaluate(queries: z, positives: $0.positives, negatives: $0.negatives, rows: rows, dimension: dimension, threads: threads)
        }
        if let keyResult { outputGradient = elementwiseSum(outputGradient, keyResult.gradient) }
        var parts = [[[Float]]](repeating: [], count: halves.count)
        parts.withUnsafeMutableBufferPointer { parts in
            forEachRange(halves.count, parts: parallel ? 2 : 1) { range in
                for half in range {
                    let span = halves[half]
                    parts[half] = backwardPass(passes[half], outputGradient: Array(outputGradient[(span.lowerBound * dimension)..<(span.upperBound * dimension)]),
                                               rows: span.count, threads: parallel ? 1 : threads)
                }
            }
        }
        let gradient = parts.count == 1 ? parts[0] : zip(parts[0], parts[1]).map { elementwiseSum($0, $1) }
        let normalized = loss.normalization.forward(z, rows: rows, columns: dimension).normalized
        return BatchGradient(loss: result, keyLoss: keyResult, normalizedProjections: normalized, gradient: gradient)
    }

    /// Batches of at least this many rows are worked as two halves (`lossAndGradient`).
    static let halvingRows = 64

    /// The input of every layer for X `[rows, features]`, and last the projection z.
    func forwardPass(_ x: [Float], rows: Int, threads: Int?) -> [[Float]] {
        var inputs = [x]
        for (index, layer) in layers.enumerated() {
            let isLast = index == layers.count - 1
            inputs.append(layer.forward(inputs[index], rows: rows, activation: isLast ? .identity : .relu, threads: threads))
        }
        return inputs
    }

    /// ∂L/∂θ in parameter order from the forward pass's `inputs` and ∂L/∂z, back through the
    /// head and the encoder (ReLU masks from the forward outputs).
    func backwardPass(_ inputs: [[Float]], outputGradient: [Float], rows: Int, threads: Int?) -> [[Float]] {
        var outputGradient = outputGradient
        var gradient = [[Float]](repeating: [], count: 2 * layers.count)
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            if index < layers.count - 1 { reluBackward(&outputGradient, output: inputs[index + 1]) }
            let parts = layers[index].backward(input: inputs[index], outputGradient: outputGradient, rows: rows,
                                               inputGradient: index > 0, threads: threads)
            gradient[2 * index] = parts.weights
            gradient[2 * index + 1] = parts.bias
            if let input = parts.input { outputGradient = input }
        }
        return gradient
    }
}
