// Shrinkage: the proximal operators of t‖·‖₁ and of t‖·‖₁ restricted to z ≥ 0.

/// Soft threshold (shrink): sign(v)·max(|v| − t, 0), the minimiser over z of
/// ½(z − v)² + t|z|. Requires t ≥ 0.
@inlinable
public func softThreshold(_ v: Float, _ t: Float) -> Float {
    v > t ? v - t : (v < -t ? v + t : 0)
}

/// Positive soft threshold: max(v − t, 0), the minimiser over z ≥ 0 of ½(z − v)² + t·z.
/// Requires t ≥ 0.
@inlinable
public func positiveSoftThreshold(_ v: Float, _ t: Float) -> Float {
    v > t ? v - t : 0
}
