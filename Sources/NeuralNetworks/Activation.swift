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
/// Eight lanes at a time, without branches (the signs of y are unpredictable).
public func reluBackward(_ gradient: inout [Float], output: [Float]) {
    precondition(gradient.count == output.count, "reluBackward: \(gradient.count) gradients for \(output.count) outputs")
    let count = gradient.count
    guard count > 0 else { return }
    gradient.withUnsafeMutableBufferPointer { g in
        output.withUnsafeBufferPointer { y in
            let gBytes = UnsafeMutableRawPointer(g.baseAddress!), yBytes = UnsafeRawPointer(y.baseAddress!)
            let lanes = SIMD8<Float>.scalarCount
            var i = 0
            while i + lanes <= count {
                let offset = i * MemoryLayout<Float>.stride
                let gv = gBytes.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                let yv = yBytes.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                gBytes.storeBytes(of: gv.replacing(with: 0, where: .!(yv .> 0)), toByteOffset: offset, as: SIMD8<Float>.self)
                i += lanes
            }
            while i < count {
                g[i] = y[i] > 0 ? g[i] : 0
                i += 1
            }
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
