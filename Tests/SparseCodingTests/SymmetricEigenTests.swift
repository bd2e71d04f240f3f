import Testing
@testable import SparseCoding

@Suite struct SymmetricEigenTests {
    /// A random symmetric `[n, n]` matrix (Gaussian entries, B + Bᵀ).
    static func randomSymmetric(_ n: Int, _ random: inout TestRandom) -> [Double] {
        let b = (0..<(n * n)).map { _ in random.gaussian() }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { a[i * n + j] = b[i * n + j] + b[j * n + i] } }
        return a
    }

    @Test(arguments: [1, 2, 3, 10, 33, 64])
    func residualsAndOrthonormality(n: Int) {
        var random = TestRandom(seed: UInt64(600 + n))
        let a = Self.randomSymmetric(n, &random)
        let (values, vectors) = symmetricEigen(a, n: n)
        let scale = a.map(abs).max()! * Double(n)
        for i in 0..<n {
            // ‖A·vᵢ − λᵢ·vᵢ‖∞ relative to ‖A‖.
            var worst = 0.0
            for r in 0..<n {
                var av = 0.0
                for c in 0..<n { av += a[r * n + c] * vectors[i * n + c] }
                worst = max(worst, abs(av - values[i] * vectors[i * n + r]))
            }
            #expect(worst <= 1e-12 * scale, "pair \(i): residual \(worst)")
            if i > 0 { #expect(values[i - 1] >= values[i]) }
            // Sign convention: the largest-magnitude component is positive.
            let row = (0..<n).map { vectors[i * n + $0] }
            let largest = row.indices.max { abs(row[$0]) < abs(row[$1]) }!
            #expect(row[largest] > 0)
            for j in 0...i {
                var dot = 0.0
                for k in 0..<n { dot += vectors[i * n + k] * vectors[j * n + k] }
                #expect(abs(dot - (i == j ? 1 : 0)) <= 1e-12)
            }
        }
        // The trace is the sum of the eigenvalues.
        let trace = (0..<n).reduce(0.0) { $0 + a[$1 * n + $1] }
        #expect(abs(values.reduce(0, +) - trace) <= 1e-12 * scale)
    }

    /// [[2, 1], [1, 2]] has eigenvalues 3 and 1 with eigenvectors (1, 1)/√2 and (1, −1)/√2.
    @Test func twoByTwoClosedForm() {
        let (values, vectors) = symmetricEigen([2, 1, 1, 2], n: 2)
        let h = 0.5.squareRoot()
        #expect(abs(values[0] - 3) < 1e-14 && abs(values[1] - 1) < 1e-14)
        #expect(relativeError(Array(vectors[0..<2]), [h, h]) < 1e-14)
        // (1, −1)/√2 and (−1, 1)/√2 tie in magnitude; the first component wins and is positive.
        #expect(relativeError(Array(vectors[2..<4]), [h, -h]) < 1e-14)
    }

    /// A diagonal matrix with repeated eigenvalues: values sorted, vectors the unit axes.
    @Test func diagonalWithRepeatedValues() {
        let (values, vectors) = symmetricEigen([1, 0, 0, 0, 5, 0, 0, 0, 1], n: 3)
        #expect(values == [5, 1, 1])
        #expect(Array(vectors[0..<3]) == [0, 1, 0])
        #expect(symmetricEigen([], n: 0).values.isEmpty)
    }
}
