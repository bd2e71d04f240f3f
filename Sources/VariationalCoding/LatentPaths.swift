// The latents vae-sample decodes besides prior samples: the manifold grid and interpolations.

/// Paths through a latent space to decode: a regular grid over a 2-D latent (the manifold map
/// of Kingma & Welling's figure) and straight segments between given codes.
public enum LatentPaths {
    /// N × N points over [−range, range]², row-major `[N·N, 2]`: z₂ falls from +range down the
    /// rows, z₁ rises from −range along each row, so `montage --cols N` draws the map upright.
    /// - Precondition: n ≥ 2, range > 0.
    public static func grid(_ n: Int, range: Double) -> [Float] {
        precondition(n >= 2 && range > 0, "LatentPaths.grid: needs n ≥ 2 and range > 0")
        let step = 2 * range / Double(n - 1)
        var points: [Float] = []
        points.reserveCapacity(2 * n * n)
        for row in 0..<n {
            for column in 0..<n { points += [Float(-range + step * Double(column)), Float(range - step * Double(row))] }
        }
        return points
    }

    /// `count` evenly spaced points from each row of `rows` `[n, dimension]` to the next, both
    /// ends included (the ends are the rows themselves): `[(n − 1)(count − 1) + 1, dimension]`.
    /// - Precondition: at least one row, count ≥ 2.
    public static func interpolation(_ rows: [Float], dimension: Int, count: Int) -> [Float] {
        precondition(dimension >= 1 && rows.count >= dimension && rows.count % dimension == 0 && count >= 2,
                     "LatentPaths.interpolation: needs whole rows and count ≥ 2")
        let n = rows.count / dimension
        var points = Array(rows[0..<dimension])
        for segment in 0..<(n - 1) {
            let (start, end) = (segment * dimension, (segment + 1) * dimension)
            for k in 1..<count {
                let t = Double(k) / Double(count - 1)
                points += (0..<dimension).map { j in
                    k == count - 1 ? rows[end + j] : Float(Double(rows[start + j]) + t * Double(rows[end + j] - rows[start + j]))
                }
            }
        }
        return points
    }
}
