// The greedy (Gauss–Southwell) move of the `.cd` tile (LassoEncoder+CoordinateDescentTile.swift).

import KernelSupport
#if KERNELS_FMA
import KernelArithmeticFused
#else
import KernelArithmeticSeparate
#endif

/// The coordinate whose update shrink(z_j + r_j·step_j, threshold_j) would move z_j the most,
/// and its new value ((−1, 0) when none would move). A vector of atoms at a time, each lane
/// keeping its own best; ties go to the lowest index.
func largestMove(
    z: UnsafePointer<Float>, r: UnsafePointer<Float>, steps: UnsafePointer<Float>,
    thresholds: UnsafePointer<Float>, atoms n: Int, positive: Bool
) -> (atom: Int, value: Float) {
    scanMoves(z: z, r: UnsafeMutablePointer(mutating: r), adding: nil, steps: steps, thresholds: thresholds,
              atoms: n, positive: positive)
}

/// `addScaled(r, a, x)` then `largestMove` in one pass over the atoms (the greedy phase's
/// step: each move changes every correlation); the same results as the two calls.
func largestMoveAfterAddingScaled(
    _ a: Float, _ x: UnsafePointer<Float>, to r: UnsafeMutablePointer<Float>, z: UnsafePointer<Float>,
    steps: UnsafePointer<Float>, thresholds: UnsafePointer<Float>, atoms n: Int, positive: Bool
) -> (atom: Int, value: Float) {
    scanMoves(z: z, r: r, adding: (a, x), steps: steps, thresholds: thresholds, atoms: n, positive: positive)
}

@inline(__always)
private func scanMoves(
    z: UnsafePointer<Float>, r: UnsafeMutablePointer<Float>, adding update: (Float, UnsafePointer<Float>)?,
    steps: UnsafePointer<Float>, thresholds: UnsafePointer<Float>, atoms n: Int, positive: Bool
) -> (atom: Int, value: Float) {
    typealias V = Lanes
    let lanes = V.scalarCount
    var bestMove = V(), bestValue = V()
    var bestIndex = LaneIndices(repeating: -1)
    var index = laneNumbers()
    var j = 0
    while j + lanes <= n {
        let zv = UnsafeRawPointer(z + j).loadUnaligned(as: V.self)
        var rv = UnsafeRawPointer(r + j).loadUnaligned(as: V.self)
        if let (a, x) = update {
            rv = multiplyAdd(rv, V(repeating: a), UnsafeRawPointer(x + j).loadUnaligned(as: V.self))
            UnsafeMutableRawPointer(r + j).storeBytes(of: rv, as: V.self)
        }
        let sv = UnsafeRawPointer(steps + j).loadUnaligned(as: V.self)
        let upper = UnsafeRawPointer(thresholds + j).loadUnaligned(as: V.self)
        let v = multiplyAdd(zv, rv, sv)
        var next = (v - upper).replacing(with: 0, where: v .<= upper)
        if !positive { next.replace(with: v + upper, where: v .< -upper) }
        let delta = next - zv
        let move = delta.replacing(with: -delta, where: delta .< 0)
        let better = move .> bestMove
        bestMove.replace(with: move, where: better)
        bestValue.replace(with: next, where: better)
        bestIndex.replace(with: index, where: better)
        index &+= LaneIndices(repeating: Int32(lanes))
        j += lanes
    }
    var atom = -1, value: Float = 0, largest: Float = 0
    for lane in 0..<lanes where bestIndex[lane] >= 0
        && (bestMove[lane] > largest || (bestMove[lane] == largest && Int(bestIndex[lane]) < atom)) {
        largest = bestMove[lane]; atom = Int(bestIndex[lane]); value = bestValue[lane]
    }
    while j < n {
        if let (a, x) = update { r[j] = multiplyAdd(r[j], a, x[j]) }
        let v = multiplyAdd(z[j], r[j], steps[j])
        let next = positive ? positiveSoftThreshold(v, thresholds[j]) : softThreshold(v, thresholds[j])
        let move = abs(next - z[j])
        if move > largest { largest = move; atom = j; value = next }
        j += 1
    }
    return (atom, value)
}
