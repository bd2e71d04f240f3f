import Testing
@testable import SparseCoding

/// The three product forms against a Double triple loop, on odd shapes that exercise every
/// partial register tile, plus shapes large enough to cross the depth block and to split rows
/// across threads.
@Suite struct MatrixProductTests {
    static let sizes = [1, 7, 17, 63, 65]
    /// Past the depth block (256) and past whole register tiles (6×16, 12×32), in each dimension.
    static let large = 257

    /// Every combination of `sizes`, plus `large` in each dimension in turn with the others
    /// from `sizes` (the full cube with 257 would make the Double reference slow in debug).
    static func shapes() -> [(Int, Int, Int)] {
        var all: [(Int, Int, Int)] = []
        for m in sizes { for k in sizes { for n in sizes { all.append((m, k, n)) } } }
        for a in [1, 7, 17, 65] {
            for b in [1, 7, 17, 65] {
                all += [(large, a, b), (a, large, b), (a, b, large)]
            }
        }
        all.append((large, large, 17))
        return all
    }

    /// Relative to the scale of the products: Float rounding over k terms of size ~1.
    static func check(_ c: [Float], _ reference: [Double], k: Int) {
        let error = relativeError(c.map(Double.init), reference, floor: 1)
        #expect(error < 1e-6 * Double(max(k, 8)).squareRoot() * 4, "relative error \(error)")
    }

    @Test func product() {
        var random = TestRandom(seed: 1)
        for (m, k, n) in Self.shapes() {
            let a = random.gaussians(m * k), b = random.gaussians(k * n)
            let reference = naiveProduct(m: m, k: k, n: n, { Double(a[$0 * k + $1]) }, { Double(b[$0 * n + $1]) })
            Self.check(matmul(a, b, m: m, k: k, n: n), reference, k: k)
        }
    }

    @Test func productWithTransposedB() {
        var random = TestRandom(seed: 2)
        for (m, k, n) in Self.shapes() {
            let a = random.gaussians(m * k), b = random.gaussians(n * k)  // B is [n, k]
            let reference = naiveProduct(m: m, k: k, n: n, { Double(a[$0 * k + $1]) }, { Double(b[$1 * k + $0]) })
            Self.check(matmulTransposedB(a, b, m: m, k: k, n: n), reference, k: k)
        }
    }

    @Test func productWithTransposedA() {
        var random = TestRandom(seed: 3)
        for (m, k, n) in Self.shapes() {
            let a = random.gaussians(k * m), b = random.gaussians(k * n)  // A is [k, m]
            let reference = naiveProduct(m: m, k: k, n: n, { Double(a[$1 * m + $0]) }, { Double(b[$0 * n + $1]) })
            Self.check(matmulTransposedA(a, b, m: m, k: k, n: n), reference, k: k)
        }
    }

    /// Depth beyond one depth block (k > 256), and enough work to run on several threads:
    /// the parallel product must equal the serial one bit for bit.
    @Test func deepAndParallelProductsAgree() {
        var random = TestRandom(seed: 4)
        let m = 131, k = 300, n = 67
        let a = random.gaussians(m * k), b = random.gaussians(k * n)
        let reference = naiveProduct(m: m, k: k, n: n, { Double(a[$0 * k + $1]) }, { Double(b[$0 * n + $1]) })
        let parallel = matmul(a, b, m: m, k: k, n: n, threads: 3)
        let serial = matmul(a, b, m: m, k: k, n: n, threads: 1)
        Self.check(parallel, reference, k: k)
        #expect(parallel == serial)
        // Any row computed alone is bitwise the same row of the full product.
        let row = 100
        let alone = matmul(Array(a[(row * k)..<((row + 1) * k)]), b, m: 1, k: k, n: n)
        #expect(alone == Array(parallel[(row * n)..<((row + 1) * n)]))
    }

    @Test func emptyDimensions() {
        #expect(matmul([], [], m: 0, k: 0, n: 0).isEmpty)
        #expect(matmul([], [], m: 3, k: 0, n: 2) == [0, 0, 0, 0, 0, 0])
        #expect(matmulTransposedA([1, 2], [], m: 2, k: 1, n: 0).isEmpty)
    }
}
