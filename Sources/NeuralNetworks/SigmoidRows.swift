// The logistic function over a batch with a bias per column, eight lanes at a time: the
// conditionals of an RBM, p = σ(x·W + bias).

/// x ← σ(x + bias) in place, `bias` added to every row of x `[rows, bias.count]`; eight lanes
/// at a time through `exponentOfNonPositive` (e^(−|x|), no overflow), within a few ulp of
/// `sigmoid` (but 0 where σ < e^(−87.3) ≈ 1e-38, where `sigmoid` gives a subnormal), the
/// remainder of each row by `sigmoid`.
public func applySigmoid(_ x: inout [Float], addingToEachRow bias: [Float]) {
    typealias Lanes = SIMD8<Float>
    let columns = bias.count
    precondition(columns > 0 ? x.count % columns == 0 : x.isEmpty, "applySigmoid: \(x.count) values are not rows of \(columns)")
    guard !x.isEmpty else { return }
    let size = MemoryLayout<Float>.stride
    x.withUnsafeMutableBufferPointer { x in
        bias.withUnsafeBufferPointer { bias in
            let xBytes = UnsafeMutableRawPointer(x.baseAddress!), biasBytes = UnsafeRawPointer(bias.baseAddress!)
            var start = 0
            while start < x.count {
                var j = 0
                while j + Lanes.scalarCount <= columns {
                    let offset = (start + j) * size
                    let value = xBytes.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                        + biasBytes.loadUnaligned(fromByteOffset: j * size, as: Lanes.self)
                    let e = exponentOfNonPositive(value.replacing(with: -value, where: value .> 0))
                    let inverse: Lanes = 1 / (1 + e)
                    xBytes.storeBytes(of: (e * inverse).replacing(with: inverse, where: value .>= 0), toByteOffset: offset, as: Lanes.self)
                    j += Lanes.scalarCount
                }
                while j < columns {
                    x[start + j] = sigmoid(x[start + j] + bias[j])
                    j += 1
                }
                start += columns
            }
        }
    }
}
