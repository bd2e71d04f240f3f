// Eigen-decomposition of a real symmetric matrix: Householder reduction to tridiagonal form,
// then the implicit QL algorithm (tred2 and tql2 of Bowdler, Martin, Reinsch and Wilkinson,
// Handbook for Automatic Computation vol. II, as in EISPACK and JAMA).
//
// The working matrix V (columns converging to the eigenvectors) is stored transposed, so that
// every inner loop, above all the rotations of the QL sweeps, runs along contiguous memory and
// the eigenvectors come out as rows.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The eigenvalues and eigenvectors of a symmetric matrix A `[n, n]` (row-major, Double):
/// A = Σᵢ valuesᵢ · vᵢ vᵢᵀ = Vᵀ·diag(values)·V.
///
/// - Returns: `values` `[n]` sorted in decreasing order, and `vectors` `[n, n]` whose row i is
///   the unit eigenvector vᵢ of `values[i]` (rows are orthonormal: V is U ᵀ for A = U Λ Uᵀ).
///   Each eigenvector's sign is fixed by making its largest-magnitude component (the first, on
///   ties) positive, so equal inputs give equal outputs.
/// - Precondition: A is symmetric; only its lower triangle is read.
///
/// Cost O(n³): about (4/3 + 4/3)n³ flops for the reduction and ~3n³ for the QL sweeps; accuracy
/// ‖A·v − λv‖ ≈ 1e-15·‖A‖ per pair.
public func symmetricEigen(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
    precondition(n >= 0 && a.count == n * n, "symmetricEigen: matrix has \(a.count) elements, expected \(n)×\(n)")
    guard n > 0 else { return ([], []) }
    // w[c * n + r] holds V[r][c]; V starts as A.
    var w = [Double](repeating: 0, count: n * n)
    for r in 0..<n {
        for c in 0..<n { w[c * n + r] = a[r * n + c] }
    }
    var d = [Double](repeating: 0, count: n)
    var e = [Double](repeating: 0, count: n)
    w.withUnsafeMutableBufferPointer { w in
        d.withUnsafeMutableBufferPointer { d in
            e.withUnsafeMutableBufferPointer { e in
                tridiagonalize(w.baseAddress!, n: n, d.baseAddress!, e.baseAddress!)
                diagonalize(w.baseAddress!, n: n, d.baseAddress!, e.baseAddress!)
            }
        }
    }

    // Decreasing order (stable), then the sign convention.
    let order = (0..<n).sorted { d[$0] > d[$1] || (d[$0] == d[$1] && $0 < $1) }
    var values = [Double](repeating: 0, count: n)
    var vectors = [Double](repeating: 0, count: n * n)
    for (i, source) in order.enumerated() {
        values[i] = d[source]
        var largest = 0
        for k in 0..<n where abs(w[source * n + k]) > abs(w[source * n + largest]) { largest = k }
        let sign: Double = w[source * n + largest] < 0 ? -1 : 1
        for k in 0..<n { vectors[i * n + k] = sign * w[source * n + k] }
    }
    return (values, vectors)
}

/// Householder reduction of V (= A on entry) to tridiagonal form: on return d is the diagonal,
/// e[1...] the sub-diagonal, and V the accumulated orthogonal transformation.
/// `v[c * n + r]` is V[r][c].
private func tridiagonalize(
    _ v: UnsafeMutablePointer<Double>, n: Int, _ d: UnsafeMutablePointer<Double>,
    _ e: UnsafeMutablePointer<Double>
) {
    for j in 0..<n { d[j] = v[j * n + n - 1] }
    var i = n - 1
    while i > 0 {
        // Scale the row to avoid under- and overflow.
        var scale = 0.0, h = 0.0
        for k in 0..<i { scale += abs(d[k]) }
        if scale == 0 {
            e[i] = d[i - 1]
            for j in 0..<i {
                d[j] = v[j * n + i - 1]
                v[j * n + i] = 0
                v[i * n + j] = 0
            }
        } else {
            // The Householder vector.
            for k in 0..<i {
                d[k] /= scale
                h += d[k] * d[k]
            }
            var f = d[i - 1]
            var g = h.squareRoot()
            if f > 0 { g = -g }
            e[i] = scale * g
            h -= f * g
            d[i - 1] = f - g
            for j in 0..<i { e[j] = 0 }

            // Apply the similarity transformation to the remaining columns.
            for j in 0..<i {
                f = d[j]
                v[i * n + j] = f
                g = e[j] + v[j * n + j] * f
                let column = v + j * n
                for k in (j + 1)..<i {
                    g += column[k] * d[k]
                    e[k] += column[k] * f
                }
                e[j] = g
            }
            f = 0
            for j in 0..<i {
                e[j] /= h
                f += e[j] * d[j]
            }
            let hh = f / (h + h)
            for j in 0..<i { e[j] -= hh * d[j] }
            for j in 0..<i {
                f = d[j]
                g = e[j]
                let column = v + j * n
                for k in j..<i { column[k] -= f * e[k] + g * d[k] }
                d[j] = column[i - 1]
                column[i] = 0
            }
        }
        d[i] = h
        i -= 1
    }

    // Accumulate the transformations.
    for i in 0..<(n - 1) {
        v[i * n + n - 1] = v[i * n + i]
        v[i * n + i] = 1
        let h = d[i + 1]
        let next = v + (i + 1) * n
        if h != 0 {
            for k in 0...i { d[k] = next[k] / h }
            for j in 0...i {
                let column = v + j * n
                var g = 0.0
                for k in 0...i { g += next[k] * column[k] }
                for k in 0...i { column[k] -= g * d[k] }
            }
        }
        for k in 0...i { next[k] = 0 }
    }
    for j in 0..<n {
        d[j] = v[j * n + n - 1]
        v[j * n + n - 1] = 0
    }
    v[(n - 1) * n + n - 1] = 1
    e[0] = 0
}

/// Implicit QL iterations on the tridiagonal (d, e), accumulating the rotations into V:
/// on return d holds the eigenvalues (unsorted) and column i of V (row i of `v`) the
/// eigenvector of d[i].
private func diagonalize(
    _ v: UnsafeMutablePointer<Double>, n: Int, _ d: UnsafeMutablePointer<Double>,
    _ e: UnsafeMutablePointer<Double>
) {
    for i in stride(from: 1, to: n, by: 1) { e[i - 1] = e[i] }
    e[n - 1] = 0
    var f = 0.0, largest = 0.0
    let eps = Double.ulpOfOne
    for l in 0..<n {
        // Find a negligible sub-diagonal element.
        largest = max(largest, abs(d[l]) + abs(e[l]))
        var m = l
        while m < n - 1 && abs(e[m]) > eps * largest { m += 1 }
        if m > l {
            var sweeps = 0
            repeat {
                sweeps += 1
                // The implicit (Wilkinson) shift.
                var g = d[l]
                var p = (d[l + 1] - g) / (2 * e[l])
                var r = hypot(p, 1)
                if p < 0 { r = -r }
                d[l] = e[l] / (p + r)
                d[l + 1] = e[l] * (p + r)
                let dl1 = d[l + 1]
                var h = g - d[l]
                for i in (l + 2)..<n { d[i] -= h }
                f += h

                // The QL transformation, one plane rotation at a time.
                p = d[m]
                var c = 1.0, c2 = 1.0, c3 = 1.0
                let el1 = e[l + 1]
                var s = 0.0, s2 = 0.0
                var i = m - 1
                while i >= l {
                    c3 = c2
                    c2 = c
                    s2 = s
                    g = c * e[i]
                    h = c * p
                    r = hypot(p, e[i])
                    e[i + 1] = s * r
                    s = e[i] / r
                    c = p / r
                    p = c * d[i] - s * g
                    d[i + 1] = h + s * (c * g + s * d[i])
                    let vi = v + i * n, vi1 = v + (i + 1) * n
                    for k in 0..<n {
                        let t = vi1[k]
                        vi1[k] = s * vi[k] + c * t
                        vi[k] = c * vi[k] - s * t
                    }
                    i -= 1
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1
                e[l] = s * p
                d[l] = c * p
            } while abs(e[l]) > eps * largest && sweeps < 100
        }
        d[l] += f
        e[l] = 0
    }
}
