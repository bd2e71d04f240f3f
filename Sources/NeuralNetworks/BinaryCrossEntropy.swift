// The Bernoulli negative log-likelihood of targets in [0, 1] given logits, and its gradient.

/// For logits L and targets X `[rows, columns]` (X in [0, 1]), the per-row sums of binary cross
/// entropy with logits
///
///     Σ_j softplus(l) − x·l  =  Σ_j −[x·log σ(l) + (1 − x)·log(1 − σ(l))]
///
/// and, with `gradientScale` c, c·(σ(L) − X), its gradient with respect to L scaled by c.
/// One pass, eight lanes at a time: e^(−|l|) is shared by softplus and σ. The row sums are
/// accumulated per lane in Float over the row, the lanes added in Double.
public func binaryCrossEntropyWithLogits(
    logits: [Float], targets: [Float], rows: Int, columns: Int, gradientScale: Float?
) -> (rowSums: [Double], gradient: [Float]?) {
    precondition(logits.count == rows * columns && targets.count == rows * columns,
                 "binaryCrossEntropyWithLogits: \(logits.count) logits and \(targets.count) targets for \(rows)×\(columns)")
    var sums = [Double](repeating: 0, count: rows)
    var gradient = [Float](repeating: 0, count: gradientScale == nil ? 0 : logits.count)
    let scale = gradientScale ?? 0, wantsGradient = gradientScale != nil
    typealias Lanes = SIMD8<Float>
    let size = MemoryLayout<Float>.stride
    logits.withUnsafeBufferPointer { l in
        targets.withUnsafeBufferPointer { x in
            gradient.withUnsafeMutableBufferPointer { g in
                guard rows > 0, columns > 0 else { return }
                let lBytes = UnsafeRawPointer(l.baseAddress!), xBytes = UnsafeRawPointer(x.baseAddress!)
                for r in 0..<rows {
                    let start = r * columns, end = start + columns
                    var laneSums = Lanes.zero
                    var j = start
                    while j + Lanes.scalarCount <= end {
                        let lv = lBytes.loadUnaligned(fromByteOffset: j * size, as: Lanes.self)
                        let xv = xBytes.loadUnaligned(fromByteOffset: j * size, as: Lanes.self)
                        let negativeMagnitude: Lanes = lv.replacing(with: -lv, where: lv .> 0)
                        let e = exponentOfNonPositive(negativeMagnitude)
                        let positivePart: Lanes = lv.replacing(with: 0, where: lv .< 0)
                        let terms: Lanes = positivePart + logOnePlusUnit(e) - xv * lv
                        laneSums += terms
                        if wantsGradient {
                            let inverse: Lanes = 1 / (1 + e)
                            let probability: Lanes = (e * inverse).replacing(with: inverse, where: lv .>= 0)
                            let scaled: Lanes = (probability - xv) * scale
                            UnsafeMutableRawPointer(g.baseAddress!).storeBytes(of: scaled, toByteOffset: j * size, as: Lanes.self)
                        }
                        j += Lanes.scalarCount
                    }
                    var sum = 0.0
                    for lane in 0..<Lanes.scalarCount { sum += Double(laneSums[lane]) }
                    while j < end {
                        let value = l[j]
                        sum += Double(softplus(value) - x[j] * value)
                        if wantsGradient { g[j] = (sigmoid(value) - x[j]) * scale }
                        j += 1
                    }
                    sums[r] = sum
                }
            }
        }
    }
    return (sums, wantsGradient ? gradient : nil)
}
