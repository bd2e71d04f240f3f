// A fully connected (dense) layer Y = X·W + b on row-major batches, with its backward pass.
import SparseCoding
import TensorCore

/// A fully connected layer: Y `[rows, outputs]` = X `[rows, inputs]` · W + b, one row per
/// sample. W is stored `[inputs, outputs]` row-major, so the forward pass is one `matmul`
/// (PyTorch's `nn.Linear` stores the transpose, `[outputs, inputs]`).
public struct DenseLayer: Sendable, Equatable {
    /// The width of an input row.
    public let inputs: Int
    /// The width of an output row.
    public let outputs: Int
    /// W `[inputs, outputs]`, row-major.
    public var weights: [Float]
    /// b `[outputs]`.
    public var bias: [Float]

    /// PyTorch `nn.Linear`'s default initialisation: every weight and every bias uniform in
    /// (−1/√inputs, +1/√inputs), drawn with `generator.unit()`: the weights first, row-major,
    /// then the bias.
    /// - Precondition: inputs ≥ 1, outputs ≥ 1.
    public init(inputs: Int, outputs: Int, generator: inout SeededGenerator) {
        precondition(inputs >= 1 && outputs >= 1, "DenseLayer: needs at least one input and one output")
        let bound = 1 / Double(inputs).squareRoot()
        func draw() -> Float { Float((2 * generator.unit() - 1) * bound) }
        var weights = [Float](repeating: 0, count: inputs * outputs)
        for i in weights.indices { weights[i] = draw() }
        var bias = [Float](repeating: 0, count: outputs)
        for j in bias.indices { bias[j] = draw() }
        self.init(inputs: inputs, outputs: outputs, weights: weights, bias: bias)
    }

    /// A layer with the given parameters.
    /// - Precondition: `weights.count == inputs·outputs`, `bias.count == outputs`.
    public init(inputs: Int, outputs: Int, weights: [Float], bias: [Float]) {
        precondition(weights.count == inputs * outputs && bias.count == outputs,
                     "DenseLayer: \(weights.count) weights and \(bias.count) biases for \(inputs)→\(outputs)")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
    }

    /// The number of parameters, inputs·outputs + outputs.
    public var parameterCount: Int { inputs * outputs + outputs }

    /// Y = act(X·W + b) for X `[rows, inputs]`; returns Y `[rows, outputs]`. The bias and the
    /// activation are applied in one pass over Y. `threads` is passed to `matmul`.
    public func forward(_ x: [Float], rows: Int, activation: Activation = .identity, threads: Int? = nil) -> [Float] {
        precondition(x.count == rows * inputs, "DenseLayer.forward: \(x.count) inputs for \(rows)×\(inputs)")
        var y = matmul(x, weights, m: rows, k: inputs, n: outputs, threads: threads)
        let n = outputs
        y.withUnsafeMutableBufferPointer { y in
            bias.withUnsafeBufferPointer { b in
                for r in 0..<rows {
                    let row = y.baseAddress! + r * n
                    switch activation {
                    case .identity: for j in 0..<n { row[j] += b[j] }
                    case .relu: for j in 0..<n { row[j] = max(row[j] + b[j], 0) }
                    }
                }
            }
        }
        return y
    }

    /// The gradients of a loss L given G = ∂L/∂Y `[rows, outputs]` at input X `[rows, inputs]`:
    ///
    ///     ∂L/∂W = Xᵀ·G  (matmulTransposedA),  ∂L/∂b = Σ_rows G,  ∂L/∂X = G·Wᵀ  (matmulTransposedB)
    ///
    /// ∂L/∂X is computed only when `inputGradient` (the first layer does not need it). The
    /// gradient through an activation is the caller's (`reluBackward`).
    public func backward(
        input x: [Float], outputGradient g: [Float], rows: Int, inputGradient: Bool, threads: Int? = nil
    ) -> (weights: [Float], bias: [Float], input: [Float]?) {
        precondition(x.count == rows * inputs && g.count == rows * outputs,
                     "DenseLayer.backward: shapes do not match \(rows)×(\(inputs)→\(outputs))")
        let dW = matmulTransposedA(x, g, m: inputs, k: rows, n: outputs, threads: threads)
        let db = columnSums(g, rows: rows, columns: outputs)
        let dX = inputGradient ? matmulTransposedB(g, weights, m: rows, k: outputs, n: inputs, threads: threads) : nil
        return (dW, db, dX)
    }
}

/// Σ over rows of `values` `[rows, columns]`, accumulated in Float row by row (the order of
/// PyTorch's CPU reduction is not reproduced; the sum is deterministic).
func columnSums(_ values: [Float], rows: Int, columns: Int) -> [Float] {
    var sums = [Float](repeating: 0, count: columns)
    sums.withUnsafeMutableBufferPointer { s in
        values.withUnsafeBufferPointer { v in
            for r in 0..<rows {
                let row = v.baseAddress! + r * columns
                for j in 0..<columns { s[j] += row[j] }
            }
        }
    }
    return sums
}
