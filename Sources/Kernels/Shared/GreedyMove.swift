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
    typealias V = Lanes
    let lanes = V.scalarCount
    var bestMove = V(), bestValue = V()
    var bestIndex = LaneIndices(repeating: -1)
    var index = laneNumbers()
    var j = 0
    while j + lanes <= n {
        let zv = UnsafeRawPointer(z + j).loadUnaligned(as: V.self)
        let rv = UnsafeRawPointer(r + j).loadUnaligned(as: V.self)
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
        let v = multiplyAdd(z[j], r[j], steps[j])
        let next = positive ? positiveSoftThreshold(v, thresholds[j]) : softThreshold(v, thresholds[j])
        let move = abs(next - z[j])
        if move > largest { largest = move; atom = j; value = next }
        j += 1
    }
    return (atom, value)
}
