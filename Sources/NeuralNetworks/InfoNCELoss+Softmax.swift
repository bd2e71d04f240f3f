import SparseCoding
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// The per-anchor softmax of InfoNCELoss, eight lanes at a time.

extension InfoNCELoss {
    /// For every anchor a (a row of `cosines` `[rows, rows]` and of `bankCosines` `[rows,
    /// bankRows]`): the softmax over its logits cos/τ without its own, written as ∂L/∂S into
    /// `logitGradient` and ∂L/∂S_bank into `bankGradient` ((softmax − one-hot of the positive)
    /// / rows, the bank's already divided by τ); returns the sums over anchors of the loss
    /// terms, of the positive cosines and of the negative ones. The anchors run in two fixed
    /// halves with their own sums, added in order (on two threads when `parallel`): the bytes
    /// do not depend on it. The anchors' own cosines in `cosines` are overwritten.
    func softmaxOfAnchors(cosines: inout [Float], bankCosines: [Float], rows: Int, bankRows: Int,
                          logitGradient: inout [Float], bankGradient: inout [Float], parallel: Bool) -> (Double, Double, Double) {
        let inverseTemperature = 1 / temperature, scale = 1 / Float(rows)
        let halves = [0..<(rows / 2), (rows / 2)..<rows]
        var sums = [(loss: Double, positive: Double, negative: Double)](repeating: (0, 0, 0), count: 2)
        cosines.withUnsafeMutableBufferPointer { cosines in
            bankCosines.withUnsafeBufferPointer { bankCosines in
                logitGradient.withUnsafeMutableBufferPointer { logitGradient in
                    bankGradient.withUnsafeMutableBufferPointer { bankGradient in
                        sums.withUnsafeMutableBufferPointer { sums in
                            forEachRange(2, parts: parallel ? 2 : 1) { pieces in
                                for piece in pieces {
                                    var loss: Double = 0, positive: Double = 0, negative: Double = 0
                                    for a in halves[piece] {
                                        let row = cosines.baseAddress! + a * rows, partner = a ^ 1
                                        let bankRow = bankRows > 0 ? bankCosines.baseAddress! + a * bankRows : nil
                                        let weights = logitGradient.baseAddress! + a * rows
                                        let bankWeights = bankRows > 0 ? bankGradient.baseAddress! + a * bankRows : nil
                                        // The largest cosine but the anchor's own (the logits' maximum is it over τ).
                                        var largest = max(largestValue(row, count: a), largestValue(row + a + 1, count: rows - a - 1))
                                        if let bankRow { largest = max(largest, largestValue(bankRow, count: bankRows)) }
                                        negative += Double(valueSum(row, count: rows)) - Double(row[a]) - Double(row[partner])
                                        // The anchor's own entry is left out of the softmax: at −∞ its
                                        // exponential is exactly 0.
                                        row[a] = -.infinity
                                        var sum = exponentials(row, count: rows, shift: largest, scale: inverseTemperature, into: weights)
                                        if let bankRow, let bankWeights {
                                            sum += exponentials(bankRow, count: bankRows, shift: largest, scale: inverseTemperature, into: bankWeights)
                                            negative += Double(valueSum(bankRow, count: bankRows))
                                        }
                                        // log Σ exp − s_pos as log(sum) − (s_pos − largest)/τ: no cancellation
                                        // of two large logits when the positive dominates (the loss is then near 0).
                                        loss += Double(logf(sum) - (row[partner] - largest) * inverseTemperature)
                                        positive += Double(row[partner])
                                        scaleValues(weights, count: rows, by: scale / sum)
                                        if let bankWeights { scaleValues(bankWeights, count: bankRows, by: scale * inverseTemperature / sum) }
                                        weights[partner] -= scale
                                    }
                                    sums[piece] = (loss, positive, negative)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (sums[0].loss + sums[1].loss, sums[0].positive + sums[1].positive, sums[0].negative + sums[1].negative)
    }
}

/// The largest of `count` values (−∞ for none), eight lanes at a time.
@inline(__always)
func largestValue(_ values: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = SIMD8<Float>(repeating: -.infinity)
    var i = 0
    while i + 8 <= count {
        let next = UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<Float>.self)
        lanes.replace(with: next, where: next .> lanes)
        i += 8
    }
    var largest = lanes.max()
    while i < count { largest = max(largest, values[i]); i += 1 }
    return largest
}

/// The sum of `count` values, eight lanes at a time (a fixed order: deterministic).
@inline(__always)
func valueSum(_ values: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        lanes += UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<Float>.self)
        i += 8
    }
    var sum = lanes.sum()
    while i < count { sum += values[i]; i += 1 }
    return sum
}

/// out[i] = e^((values[i] − shift)·scale) for values ≤ shift (−∞ gives 0) and scale > 0,
/// eight lanes at a time (`exponentOfNonPositive`); returns their sum.
@inline(__always)
func exponentials(_ values: UnsafePointer<Float>, count: Int, shift: Float, scale: Float, into out: UnsafeMutablePointer<Float>) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        let x = (UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<Float>.self) - shift) * scale
        let e = exponentOfNonPositive(x)
        UnsafeMutableRawPointer(out + i).storeBytes(of: e, as: SIMD8<Float>.self)
        lanes += e
        i += 8
    }
    var sum = lanes.sum()
    if i < count {
        var tail = SIMD8<Float>(repeating: -.infinity)
        for j in i..<count { tail[j - i] = (values[j] - shift) * scale }
        let e = exponentOfNonPositive(tail)
        for j in i..<count { out[j] = e[j - i]; sum += e[j - i] }
    }
    return sum
}

/// values[i] *= factor for `count` values.
@inline(__always)
func scaleValues(_ values: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
    for i in 0..<count { values[i] *= factor }
}

/// G ← (G + Gᵀ)·scale in place for a square G `[order, order]`, in 32×32 tiles so that the
/// transposed reads stay in cache; each pair of entries is read once and both written.
func symmetrize(_ g: inout [Float], order: Int, scale: Float) {
    let tile = 32
    g.withUnsafeMutableBufferPointer { g in
        for rowStart in stride(from: 0, to: order, by: tile) {
            for columnStart in stride(from: rowStart, to: order, by: tile) {
                for r in rowStart..<min(rowStart + tile, order) {
                    for c in max(columnStart, r)..<min(columnStart + tile, order) {
                        let sum = (g[r * order + c] + g[c * order + r]) * scale
                        g[r * order + c] = sum
                        g[c * order + r] = sum
                    }
                }
            }
        }
    }
}
