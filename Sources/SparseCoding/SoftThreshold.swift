// Shrinkage of whole arrays; the scalar `softThreshold` and `positiveSoftThreshold` live in
// KernelSupport (the kernels use them too) and are re-exported with it.

@_exported import KernelSupport

/// Applies `softThreshold` (or `positiveSoftThreshold` when `positive`) to every element.
@inlinable
public func softThreshold(_ values: inout [Float], _ t: Float, positive: Bool = false) {
    if positive {
        for i in values.indices { values[i] = positiveSoftThreshold(values[i], t) }
    } else {
        for i in values.indices { values[i] = softThreshold(values[i], t) }
    }
}
