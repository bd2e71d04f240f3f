// The lasso energy per row, and the reconstruction Z·D.

/// Per-row lasso energies E_r = ½‖y_r − z_r·D‖² + λ‖z_r‖₁ (the SPAMS `lambda1` /
/// scikit-learn `sparse_encode` `alpha` convention; the lecture's ‖y − Wz‖² + λ'‖z‖₁ is 2·E_r
/// with λ' = 2λ).
///
/// - Parameters:
///   - data: Y `[rows, features]`.
///   - codes: Z `[rows, atoms]`.
///   - dictionary: D `[atoms, features]`.
/// - Returns: `[rows]` energies. The reconstruction and both norms are accumulated in Double,
///   skipping zero codes, so the cost is O(non-zeros·features + rows·(atoms + features)).
public func lassoObjective(
    data: [Float], codes: [Float], rows: Int, dictionary: [Float], atoms: Int, features: Int,
    lambda: Float
) -> [Double] {
    precondition(data.count == rows * features, "lassoObjective: data has \(data.count) elements, expected \(rows)×\(features)")
    precondition(codes.count == rows * atoms, "lassoObjective: codes have \(codes.count) elements, expected \(rows)×\(atoms)")
    precondition(dictionary.count == atoms * features, "lassoObjective: dictionary has \(dictionary.count) elements, expected \(atoms)×\(features)")
    var energies = [Double](repeating: 0, count: rows)
    var residual = [Double](repeating: 0, count: features)
    data.withUnsafeBufferPointer { y in
        codes.withUnsafeBufferPointer { z in
            dictionary.withUnsafeBufferPointer { d in
                for r in 0..<rows {
                    energies[r] = rowObjective(
                        y: y.baseAddress! + r * features, z: z.baseAddress! + r * atoms, d.baseAddress!,
                        atoms: atoms, features: features, lambda: Double(lambda), residual: &residual)
                }
            }
        }
    }
    return energies
}

/// ½‖y − z·D‖² + λ‖z‖₁ for one row, in Double; `residual` is `[features]` scratch.
func rowObjective(
    y: UnsafePointer<Float>, z: UnsafePointer<Float>, _ d: UnsafePointer<Float>,
    atoms: Int, features: Int, lambda: Double, residual: inout [Double]
) -> Double {
    residual.withUnsafeMutableBufferPointer { residual in
        for f in 0..<features { residual[f] = Double(y[f]) }
        var l1 = 0.0
        for a in 0..<atoms where z[a] != 0 {
            let za = Double(z[a])
            l1 += abs(za)
            let atom = d + a * features
            for f in 0..<features { residual[f] -= za * Double(atom[f]) }
        }
        var squares = 0.0
        for f in 0..<features { squares += residual[f] * residual[f] }
        return 0.5 * squares + lambda * l1
    }
}

/// The reconstruction Y' `[rows, features]` = Z `[rows, atoms]` · D `[atoms, features]`.
///
/// Single precision, blocked and parallel (`matmul`); deterministic.
public func reconstruct(codes: [Float], rows: Int, dictionary: [Float], atoms: Int, features: Int) -> [Float] {
    matmul(codes, dictionary, m: rows, k: atoms, n: features)
}
