// Streaming mean and covariance of rows, in Double, batch by batch.
//
// Each batch is centred on its own mean and its scatter Σ(x − x̄_b)(x − x̄_b)ᵀ summed in
// Double; batches are then merged with Chan, Golub & LeVeque's pairwise update, so large
// means never cancel against small variances.

/// Accumulates the mean and (population) covariance of rows of `features` values.
///
/// Shapes: each added batch is `[count, features]` row-major Float. Cost per row:
/// features²/2 multiply-adds in Double.
public struct CovarianceAccumulator: Sendable {
    /// The number of features (columns of every batch).
    public let features: Int
    /// The number of rows accumulated so far.
    public internal(set) var count: Int = 0
    /// The mean `[features]` of the rows so far (zeros before any row).
    public internal(set) var mean: [Double]
    /// Σ (x − mean)(x − mean)ᵀ over the rows so far, `[features, features]`; only the upper
    /// triangle (column ≥ row) is maintained (the lower one holds zeros or stale values).
    public internal(set) var scatter: [Double]

    /// The most features whitening takes: the F x F statistics then need 512 MiB each in
    /// Double, and their eigendecomposition about F³ = 5·10¹¹ operations.
    public static let maxFeatures = 8192

    /// Rows per sub-batch: bounds the centred Double copy to 1024 × features.
    private static let chunkRows = 1024

    public init(features: Int) {
        precondition(features >= 0, "CovarianceAccumulator: negative feature count")
        self.features = features
        mean = [Double](repeating: 0, count: features)
        scatter = [Double](repeating: 0, count: features * features)
    }

    /// The population covariance `[features, features]` (symmetric, row-major):
    /// (1/n)·Σ (x − mean)(x − mean)ᵀ, dividing by n, not n − 1. Zeros before any row.
    public var covariance: [Double] {
        var c = [Double](repeating: 0, count: features * features)
        guard count > 0 else { return c }
        let n = Double(count)
        for i in 0..<features {
            for j in i..<features {
                let value = scatter[i * features + j] / n
                c[i * features + j] = value
                c[j * features + i] = value
            }
        }
        return c
    }

    /// Adds `count` rows `[count, features]` (row-major).
    public mutating func add(_ rows: [Float], count: Int) {
        precondition(count >= 0 && rows.count == count * features,
                     "CovarianceAccumulator.add: \(rows.count) values, expected \(count)×\(features)")
        var start = 0
        while start < count {
            let size = min(Self.chunkRows, count - start)
            merge(batch: rows, from: start, count: size)
            start += size
        }
    }

    /// Adds the rows accumulated by `other` (same `features`) as if they had been added here.
    public mutating func merge(_ other: CovarianceAccumulator) {
        precondition(other.features == features, "CovarianceAccumulator.merge: feature counts differ")
        combine(count: other.count, mean: other.mean, scatter: other.scatter)
    }

    /// Centres rows `from..<from+count` on their own mean, sums their scatter, and merges.
    private mutating func merge(batch rows: [Float], from: Int, count: Int) {
        let f = features
        var batchMean = [Double](repeating: 0, count: f)
        for r in from..<(from + count) {
            for j in 0..<f { batchMean[j] += Double(rows[r * f + j]) }
        }
        for j in 0..<f { batchMean[j] /= Double(count) }
        // Centred values, feature-major [features, count], so each scatter entry is a
        // contiguous dot product.
        var centred = [Double](repeating: 0, count: f * count)
        for r in 0..<count {
            for j in 0..<f { centred[j * count + r] = Double(rows[(from + r) * f + j]) - batchMean[j] }
        }
        var batchScatter = [Double](repeating: 0, count: f * f)
        centred.withUnsafeBufferPointer { x in
            batchScatter.withUnsafeMutableBufferPointer { s in
                upperScatter(x.baseAddress!, features: f, count: count, into: s.baseAddress!)
            }
        }
        combine(count: count, mean: batchMean, scatter: batchScatter)
    }

    /// Chan et al.'s merge of (count, mean, scatter) into the running totals.
    private mutating func combine(count other: Int, mean otherMean: [Double], scatter otherScatter: [Double]) {
        guard other > 0 else { return }
        let f = features
        let n = Double(count), m = Double(other), total = n + m
        let delta = (0..<f).map { otherMean[$0] - mean[$0] }
        let weight = n * m / total
        for i in 0..<f {
            for j in i..<f {
                scatter[i * f + j] += otherScatter[i * f + j] + delta[i] * delta[j] * weight
            }
        }
        for j in 0..<f { mean[j] += delta[j] * (m / total) }
        count += other
    }
}

/// s[i, j] = Σ_r x[i, r]·x[j, r] for j ≥ i, with x `[features, count]`; s `[features, features]`.
/// Two-by-two blocks of dot products share their loads; SIMD4 lanes are summed at the end
/// in a fixed order (`SIMD.sum()` leaves the order unspecified).
private func upperScatter(
    _ x: UnsafePointer<Double>, features f: Int, count: Int, into s: UnsafeMutablePointer<Double>
) {
    let vectorEnd = count & ~3
    @inline(__always) func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }
    var i = 0
    while i < f {
        let i1 = min(i + 1, f - 1)  // a lone last row is paired with itself
        let xi0 = x + i * count, xi1 = x + i1 * count
        var j = i
        while j < f {
            let j1 = min(j + 1, f - 1)
            let xj0 = x + j * count, xj1 = x + j1 * count
            var a00 = SIMD4<Double>(), a01 = SIMD4<Double>(), a10 = SIMD4<Double>(), a11 = SIMD4<Double>()
            var r = 0
            while r < vectorEnd {
                let u0 = load(xi0 + r), u1 = load(xi1 + r), w0 = load(xj0 + r), w1 = load(xj1 + r)
                a00 += u0 * w0
                a01 += u0 * w1
                a10 += u1 * w0
                a11 += u1 * w1
                r += 4
            }
            var s00 = laneSum(a00), s01 = laneSum(a01), s10 = laneSum(a10), s11 = laneSum(a11)
            while r < count {
                s00 += xi0[r] * xj0[r]
                s01 += xi0[r] * xj1[r]
                s10 += xi1[r] * xj0[r]
                s11 += xi1[r] * xj1[r]
                r += 1
            }
            // Write the entries of the block that lie in the upper triangle.
            s[i * f + j] = s00
            if j1 > j { s[i * f + j1] = s01 }
            if i1 > i && j >= i1 { s[i1 * f + j] = s10 }
            if i1 > i && j1 > j && j1 >= i1 { s[i1 * f + j1] = s11 }
            j += 2
        }
        i += 2
    }
}

@inline(__always)
private func laneSum(_ v: SIMD4<Double>) -> Double {
    (v[0] + v[2]) + (v[1] + v[3])
}
