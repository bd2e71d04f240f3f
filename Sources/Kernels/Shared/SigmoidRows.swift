// The logistic function over rows with a bias per column (an RBM's conditionals,
// p = σ(x·W + bias)), here so that it is compiled for each instruction set: on the baseline
// (NeuralNetworks' `applySigmoid`) its eight lanes take two SSE registers, and it was a fifth
// of an RBM training step. The same arithmetic lane by lane, so the same bits on every path.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// x ← σ(x + bias) in place for `rows` rows of `columns` floats (row-major, contiguous):
/// within each row, the values up to the last multiple of 8 through e^(−|v|) by the
/// polynomial below, `Lanes` at a time (on AVX-512 a last 8 in half a register), and the last `columns % 8` values through the C
/// library's `expf`. Every operation is rounded separately (no fused multiply-add), so every
/// path gives the bits of NeuralNetworks' `applySigmoid`, which splits each row the same way.
func sigmoidRows(_ x: UnsafeMutablePointer<Float>, rows: Int, bias: UnsafePointer<Float>, columns: Int) {
    let size = MemoryLayout<Float>.stride
    let biasBytes = UnsafeRawPointer(bias)
    for r in 0..<rows {
        let row = UnsafeMutableRawPointer(x + r * columns)
        var j = 0
        while j + Lanes.scalarCount <= columns {
            let value = row.loadUnaligned(fromByteOffset: j * size, as: Lanes.self)
                + biasBytes.loadUnaligned(fromByteOffset: j * size, as: Lanes.self)
            row.storeBytes(of: logistic(value), toByteOffset: j * size, as: Lanes.self)
            j += Lanes.scalarCount
        }
        #if KERNELS_AVX512
        if j + 8 <= columns {  // eight values left for the lanes: the low half of a register
            let value = row.loadUnaligned(fromByteOffset: j * size, as: SIMD8<Float>.self)
                + biasBytes.loadUnaligned(fromByteOffset: j * size, as: SIMD8<Float>.self)
            let result = logistic(Lanes(lowHalf: value, highHalf: .zero)).lowHalf
            row.storeBytes(of: result, toByteOffset: j * size, as: SIMD8<Float>.self)
            j += 8
        }
        #endif
        let values = x + r * columns
        while j < columns {
            let value = values[j] + bias[j]
            let e = expf(-abs(value))
            values[j] = value >= 0 ? 1 / (1 + e) : e / (1 + e)
            j += 1
        }
    }
}

/// σ(v) lane by lane without overflow: with e = e^(−|v|), 1 / (1 + e) for v ≥ 0, e / (1 + e) below.
@inline(__always)
private func logistic(_ value: Lanes) -> Lanes {
    let e = exponentOfNonPositive(value.replacing(with: -value, where: value .> 0))
    let inverse = 1 / (1 + e)
    return (e * inverse).replacing(with: inverse, where: value .>= 0)
}

/// e^x for x ≤ 0, NeuralNetworks' `exponentOfNonPositive` (VectorMath.swift) operation for
/// operation: x < −87.3 gives 0; x = k·ln 2 + r (Cody and Waite), a degree-7 Taylor polynomial
/// of e^r, scaled by 2^k through the exponent bits.
@inline(__always)
private func exponentOfNonPositive(_ x: Lanes) -> Lanes {
    let clamped = x.replacing(with: -87.3, where: x .< -87.3)
    let magic: Float = 12_582_912
    let shifted = clamped * 1.442_695_04 + magic
    let k = shifted - magic
    let r = clamped - k * 0.693_359_375 + k * 2.121_944_4e-4
    var p = Lanes(repeating: 1 / 5040)
    p = p * r + 1 / 720
    p = p * r + 1 / 120
    p = p * r + 1 / 24
    p = p * r + 1 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let integer = unsafeBitCast(shifted, to: LaneIndices.self) &- unsafeBitCast(Lanes(repeating: magic), to: LaneIndices.self)
    let scale = unsafeBitCast((integer &+ 127) &<< 23, to: Lanes.self)
    return (p * scale).replacing(with: 0, where: x .< -87.3)
}
