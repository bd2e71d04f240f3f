// The vector of the solvers' elementwise loops and first-maximum searches: one 512-bit register
// (16 floats) on the AVX-512 path, 8 floats elsewhere. Widening them keeps every result bit for
// bit: they work lane by lane, or pick the lowest index among the largest. Loops that sum
// across lanes keep 8 lanes on every path (their order of additions is part of the result).

#if KERNELS_AVX512
typealias Lanes = SIMD16<Float>
typealias LaneIndices = SIMD16<Int32>
#else
typealias Lanes = SIMD8<Float>
typealias LaneIndices = SIMD8<Int32>
#endif

/// 0, 1, 2, … : the lane numbers.
@inline(__always)
func laneNumbers() -> LaneIndices {
    var numbers = LaneIndices()
    for lane in 0..<LaneIndices.scalarCount { numbers[lane] = Int32(lane) }
    return numbers
}
