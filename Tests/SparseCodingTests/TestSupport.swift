// Independent reference computations and seeded random inputs for the SparseCoding tests.
// Everything here is deliberately naive (triple loops, Double) so it can be trusted.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64 with Gaussian draws: fixed seeds, same values everywhere.
struct TestRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal (Box–Muller).
    mutating func gaussian() -> Double {
        var u = unit()
        while u == 0 { u = unit() }
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }

    mutating func gaussians(_ count: Int, scale: Double = 1) -> [Float] {
        (0..<count).map { _ in Float(gaussian() * scale) }
    }

    /// A random `[atoms, features]` dictionary with unit-norm rows.
    mutating func dictionary(atoms: Int, features: Int) -> [Float] {
        var d = [Float]()
        for _ in 0..<atoms {
            let row = (0..<features).map { _ in gaussian() }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            d += row.map { Float($0 / norm) }
        }
        return d
    }

    /// A random `[n, n]` orthogonal matrix (modified Gram–Schmidt on Gaussian rows, in Double).
    mutating func orthogonal(_ n: Int) -> [Double] {
        var q = (0..<(n * n)).map { _ in gaussian() }
        for i in 0..<n {
            for j in 0..<i {
                var dot = 0.0
                for k in 0..<n { dot += q[i * n + k] * q[j * n + k] }
                for k in 0..<n { q[i * n + k] -= dot * q[j * n + k] }
            }
            var norm = 0.0
            for k in 0..<n { norm += q[i * n + k] * q[i * n + k] }
            norm = norm.squareRoot()
            for k in 0..<n { q[i * n + k] /= norm }
        }
        return q
    }
}

/// C = A·B in Double by the textbook triple loop; `a(i, p)` and `b(p, j)` read the operands.
func naiveProduct(m: Int, k: Int, n: Int, _ a: (Int, Int) -> Double, _ b: (Int, Int) -> Double) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k { s += a(i, p) * b(p, j) }
            c[i * n + j] = s
        }
    }
    return c
}

/// Solves the small dense system A x = b (`[n, n]`, Double) by Gaussian elimination with
/// partial pivoting; nil when A is (numerically) singular.
func solveLinear(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
    var a = a, b = b
    for col in 0..<n {
        var pivot = col
        for r in (col + 1)..<max(n, col + 1) where abs(a[r * n + col]) > abs(a[pivot * n + col]) { pivot = r }
        if abs(a[pivot * n + col]) < 1e-12 { return nil }
        if pivot != col {
            for k in 0..<n { a.swapAt(col * n + k, pivot * n + k) }
            b.swapAt(col, pivot)
        }
        for r in (col + 1)..<max(n, col + 1) {
            let factor = a[r * n + col] / a[col * n + col]
            for k in col..<n { a[r * n + k] -= factor * a[col * n + k] }
            b[r] -= factor * b[col]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for r in stride(from: n - 1, through: 0, by: -1) {
        var s = b[r]
        for k in (r + 1)..<max(n, r + 1) { s -= a[r * n + k] * x[k] }
        x[r] = s / a[r * n + r]
    }
    return x
}

/// ½‖y − z·D‖² + λ‖z‖₁ for one row, in Double, written out independently of the library.
func referenceObjective(y: [Double], z: [Double], d: [Float], atoms: Int, features: Int, lambda: Double) -> Double {
    var energy = 0.0
    for f in 0..<features {
        var reconstruction = 0.0
        for a in 0..<atoms { reconstruction += z[a] * Double(d[a * features + f]) }
        energy += 0.5 * (y[f] - reconstruction) * (y[f] - reconstruction)
    }
    for a in 0..<atoms { energy += lambda * abs(z[a]) }
    return energy
}

/// max |x − y| / max(max |y|, floor).
func relativeError(_ x: [Double], _ y: [Double], floor: Double = 1e-30) -> Double {
    precondition(x.count == y.count)
    var error = 0.0, scale = floor
    for i in x.indices {
        error = max(error, abs(x[i] - y[i]))
        scale = max(scale, abs(y[i]))
    }
    return error / scale
}
