// Elementwise activations and their derivatives: ReLU, sigmoid, softplus.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The activation a `DenseLayer` applies after its affine map.
public enum Activation: Sendable, Equatable {
    /// y = x (a linear layer: heads, outputs).
    case identity
    /// y = max(x, 0).
    case relu
}

/// ReLU in place: x ← max(x, 0).
public func applyReLU(_ x: inout [Float]) {
    x.withUnsafeMutableBufferPointer { x in
        for i in 0..<x.count { x[i] = max(x[i], 0) }
    }
}

/// The gradient through a ReLU in place: g ← g where the ReLU's output y > 0, else 0
/// (derivative 0 at the kink, as PyTorch). `output` is y = max(x, 0), the same count as `g`.
public func reluBackward(_ gradient: inout [Float], output: [Float]) {
    precondition(gradient.count == output.count, "reluBackward: \(gradient.count) gradients for \(output.count) outputs")
    gradient.withUnsafeMutableBufferPointer { g in
        output.withUnsafeBufferPointer { y in
            for i in 0..<g.count where !(y[i] > 0) { g[i] = 0 }
        }
    }
}

/// softplus(x) = log(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)): no overflow for large
/// |x|, full precision near 0. Its derivative is `sigmoid(x)`.
@inlinable
public func softplus(_ x: Float) -> Float {
    max(x, 0) + log1pf(expf(-abs(x)))
}

/// sigmoid(x) = 1 / (1 + e^(−x)), without overflow for any x (e^(−|x|) only).
@inlinable
public func sigmoid(_ x: Float) -> Float {
    let e = expf(-abs(x))
    return x >= 0 ? 1 / (1 + e) : e / (1 + e)
}
