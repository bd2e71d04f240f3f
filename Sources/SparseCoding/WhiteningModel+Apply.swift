// Applying a fitted whitening transform to batches of rows.

extension WhiteningModel {
    /// Whitens rows `[count, features]`: (y − mean)·Wᵀ, as one blocked matrix product.
    public func whiten(_ rows: [Float], count: Int) -> [Float] {
        precondition(rows.count == count * features,
                     "WhiteningModel.whiten: \(rows.count) values, expected \(count)×\(features)")
        var centred = rows
        for r in 0..<count {
            for j in 0..<features { centred[r * features + j] -= mean[j] }
        }
        return matmulTransposedB(centred, matrix, m: count, k: features, n: features)
    }

    /// Undoes `whiten` on rows `[count, features]`: whitened·Mᵀ + mean.
    public func unwhiten(_ rows: [Float], count: Int) -> [Float] {
        precondition(rows.count == count * features,
                     "WhiteningModel.unwhiten: \(rows.count) values, expected \(count)×\(features)")
        var restored = matmulTransposedB(rows, inverse, m: count, k: features, n: features)
        for r in 0..<count {
            for j in 0..<features { restored[r * features + j] += mean[j] }
        }
        return restored
    }
}
