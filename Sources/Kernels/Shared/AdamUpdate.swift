// One Adam step over a parameter buffer (SparseCoding/AdamOptimizer.swift), here so that it is
// compiled for each instruction set: on the baseline the square root and division of eight
// lanes were split and spilled, and the step took a fifth of a small network's training.

import KernelSupport

/// For each i: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², p ← p − α·(m·s₁)/(√(v·s₂) + ε),
/// with s₁, s₂ the bias corrections. Every operation is rounded separately (no fused
/// multiply-add), in the same order in the lanes and the tail, so every path and every
/// element's place give the same bits.
func adamUpdate(
    parameters p: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
    first m: UnsafeMutablePointer<Float>, second v: UnsafeMutablePointer<Float>, count: Int,
    rates: AdamRates
) {
    typealias Lane = SIMD16<Float>
    let b1 = rates.beta1, b2 = rates.beta2, eps = rates.epsilon, alpha = rates.learningRate
    let firstScale = rates.firstScale, secondScale = rates.secondScale
    let c1 = 1 - b1, c2 = 1 - b2
    var i = 0
    while i + Lane.scalarCount <= count {
        let gi = UnsafeRawPointer(g + i).loadUnaligned(as: Lane.self)
        let mi = b1 * UnsafeRawPointer(m + i).loadUnaligned(as: Lane.self) + c1 * gi
        let vi = b2 * UnsafeRawPointer(v + i).loadUnaligned(as: Lane.self) + c2 * gi * gi
        let corrected = (vi * secondScale).squareRoot() + eps
        let pi = UnsafeRawPointer(p + i).loadUnaligned(as: Lane.self) - alpha * (mi * firstScale) / corrected
        UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: Lane.self)
        UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: Lane.self)
        UnsafeMutableRawPointer(p + i).storeBytes(of: pi, as: Lane.self)
        i += Lane.scalarCount
    }
    while i < count {
        let gi = g[i]
        m[i] = b1 * m[i] + c1 * gi
        v[i] = b2 * v[i] + c2 * gi * gi
        let corrected = (v[i] * secondScale).squareRoot() + eps
        p[i] -= alpha * (m[i] * firstScale) / corrected
        i += 1
    }
}
