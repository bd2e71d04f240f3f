// The per-row loops of the proximal gradient tile (LassoEncoder+ProximalTile.swift): the
// shrinkage step and the momentum extrapolation.

import KernelSupport

/// The proximal gradient step of one row, written over the gradient buffer:
/// next = shrink(x − (gradient − offset)·step, threshold) (offset: y·Dᵀ in the Gram form),
/// returning ‖next − z‖², ‖next‖² and the restart test (x − next)·(next − z).
///
/// Eight lanes at a time; the lane sums are combined in a fixed order, so the result is the
/// same bits in every build and on every thread.
func proximalStep(
    x: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>, offset: UnsafeMutablePointer<Float>?,
    z: UnsafeMutablePointer<Float>, count: Int, step: Float, threshold: Float, positive: Bool
) -> (change: Float, size: Float, uphill: Float) {
    typealias V = SIMD8<Float>
    let lanes = V.scalarCount
    let stepV = V(repeating: step), upper = V(repeating: threshold), lower = V(repeating: -threshold)
    var change = V(), size = V(), uphill = V()
    var j = 0
    while j + lanes <= count {
        let xv = load(x + j), zv = load(z + j)
        var gv = load(gradient + j)
        if let offset { gv -= load(offset + j) }
        let v = xv - gv * stepV
        // shrink(v): v − t where v > t, v + t where v < −t, else 0 (mask selects: the
        // generic pointwise min/max behind `clamped` are not inlined).
        var next = (v - upper).replacing(with: 0, where: v .<= upper)
        if !positive { next.replace(with: v - lower, where: v .< lower) }
        let delta = next - zv
        change += delta * delta
        size += next * next
        uphill += (xv - next) * delta
        UnsafeMutableRawPointer(gradient + j).storeBytes(of: next, as: V.self)
        j += lanes
    }
    var sums = (change: fixedOrderSum(change), size: fixedOrderSum(size), uphill: fixedOrderSum(uphill))
    while j < count {
        var gj = gradient[j]
        if let offset { gj -= offset[j] }
        let v = x[j] - gj * step
        let next = positive ? positiveSoftThreshold(v, threshold) : softThreshold(v, threshold)
        let delta = next - z[j]
        sums.change += delta * delta
        sums.size += next * next
        sums.uphill += (x[j] - next) * delta
        gradient[j] = next
        j += 1
    }
    return sums
}

/// x = next + beta·(next − z), then z = next, for one row.
func extrapolate(
    x: UnsafeMutablePointer<Float>, next: UnsafeMutablePointer<Float>, z: UnsafeMutablePointer<Float>,
    count: Int, beta: Float
) {
    typealias V = SIMD8<Float>
    let lanes = V.scalarCount
    let betaV = V(repeating: beta)
    var j = 0
    while j + lanes <= count {
        let nv = load(next + j), zv = load(z + j)
        UnsafeMutableRawPointer(x + j).storeBytes(of: nv + betaV * (nv - zv), as: V.self)
        UnsafeMutableRawPointer(z + j).storeBytes(of: nv, as: V.self)
        j += lanes
    }
    while j < count {
        x[j] = next[j] + beta * (next[j] - z[j])
        z[j] = next[j]
        j += 1
    }
}

@inline(__always)
private func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// The lanes' sum as a fixed tree ((0+4)+(2+6))+((1+5)+(3+7)) (`SIMD.sum()` leaves the order
/// unspecified).
@inline(__always)
private func fixedOrderSum(_ v: SIMD8<Float>) -> Float {
    let half = v.lowHalf + v.highHalf
    let quarter = half.lowHalf + half.highHalf
    return quarter[0] + quarter[1]
}
