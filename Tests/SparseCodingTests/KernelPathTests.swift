import Testing
@testable import SparseCoding

/// Every kernel path this processor supports, called through its table: the products against
/// a Double triple loop, the paths against each other. The paths with fused multiply-add
/// (AVX-512, AVX2) sum in the same order and must agree bit for bit; the portable path rounds
/// a multiply and an add separately on x86-64, so it must agree to rounding.
@Suite struct KernelPathTests {
    static let paths = KernelPath.supported

    /// C = A·B `[m, n]` through `table` (B packed by the same table).
    static func product(_ table: KernelTable, _ a: [Float], _ b: [Float], m: Int, k: Int, n: Int,
                        transposedA: Bool = false) -> [Float] {
        var packed = [Float](repeating: .nan, count: table.packedCount(depth: k, columns: n))
        var c = [Float](repeating: .nan, count: m * n)
        b.withUnsafeBufferPointer { b in
            packed.withUnsafeMutableBufferPointer { packed in
                table.packRight(b.baseAddress!, depth: k, columns: n, stride: n, transposed: false,
                                into: packed.baseAddress!)
            }
        }
        a.withUnsafeBufferPointer { a in
            packed.withUnsafeBufferPointer { packed in
                c.withUnsafeMutableBufferPointer { c in
                    table.multiply(rows: m, a.baseAddress!, lda: transposedA ? m : k, transposedA: transposedA,
                                   packed: packed.baseAddress!, depth: k, columns: n, c.baseAddress!, ldc: n,
                                   accumulate: false)
                }
            }
        }
        return c
    }

    /// Shapes around every path's register tile (6×8, 6×16, 12×32) and the depth block (256).
    static let shapes = [(1, 1, 1), (5, 3, 7), (6, 8, 16), (7, 9, 17), (11, 31, 33), (12, 64, 32),
                         (13, 65, 31), (25, 257, 65), (97, 300, 70), (200, 20, 130)]

    @Test(arguments: KernelPath.supported)
    func productsMatchTheDoubleReference(path: KernelPath) {
        var random = TestRandom(seed: 11)
        for (m, k, n) in Self.shapes {
            let a = random.gaussians(m * k), b = random.gaussians(k * n)
            let reference = naiveProduct(m: m, k: k, n: n, { Double(a[$0 * k + $1]) }, { Double(b[$0 * n + $1]) })
            let c = Self.product(path.table, a, b, m: m, k: k, n: n)
            let error = relativeError(c.map(Double.init), reference, floor: 1)
            #expect(error < 1e-6 * Double(max(k, 8)).squareRoot() * 4, "\(path) \(m)×\(k)×\(n): relative error \(error)")
            // Aᵀ stored as [k, m].
            var transposed = [Float](repeating: 0, count: m * k)
            for i in 0..<m { for p in 0..<k { transposed[p * m + i] = a[i * k + p] } }
            #expect(Self.product(path.table, transposed, b, m: m, k: k, n: n, transposedA: true) == c,
                    "\(path) \(m)×\(k)×\(n): Aᵀ form differs from the A form")
        }
    }

    @Test func fusedPathsAgreeBitForBitAndPortableToRounding() {
        var random = TestRandom(seed: 12)
        for (m, k, n) in Self.shapes {
            let a = random.gaussians(m * k), b = random.gaussians(k * n)
            let results = Self.paths.map { ($0, Self.product($0.table, a, b, m: m, k: k, n: n)) }
            let fused = results.filter { $0.0 != .portable }
            for (path, c) in fused.dropFirst() {
                #expect(c == fused[0].1, "\(path) and \(fused[0].0) differ on \(m)×\(k)×\(n)")
            }
            for (path, c) in results.dropFirst() {
                let error = relativeError(c.map(Double.init), results[0].1.map(Double.init), floor: 1)
                #expect(error < 1e-6 * Double(max(k, 8)).squareRoot() * 4, "\(path) vs \(results[0].0): \(error)")
            }
        }
    }

    /// The row kernels the solvers share, each against its formula in Double.
    @Test(arguments: KernelPath.supported)
    func rowKernelsMatchTheirFormulas(path: KernelPath) {
        let table = path.table
        var random = TestRandom(seed: 13)
        for count in [1, 7, 8, 9, 63, 64, 65, 131] {
            let x = random.gaussians(count), start = random.gaussians(count)
            // r += a·x
            var r = start
            r.withUnsafeMutableBufferPointer { r in
                x.withUnsafeBufferPointer { table.addScaled(r.baseAddress!, -0.75, $0.baseAddress!, count: count) }
            }
            let expected = (0..<count).map { Double(start[$0]) - 0.75 * Double(x[$0]) }
            #expect(relativeError(r.map(Double.init), expected, floor: 1) < 1e-6, "\(path) addScaled \(count)")

            // out = base − Σ_k w_k·rows_k
            let rows = 5, weights = random.gaussians(rows), matrix = random.gaussians(rows * count)
            var out = [Float](repeating: .nan, count: count)
            matrix.withUnsafeBufferPointer { m in
                weights.withUnsafeBufferPointer { w in
                    start.withUnsafeBufferPointer { base in
                        out.withUnsafeMutableBufferPointer { out in
                            table.subtractCombination(of: m.baseAddress!, weights: w.baseAddress!, count: rows, length: count,
                                                      from: base.baseAddress!, into: out.baseAddress!)
                        }
                    }
                }
            }
            let combination = (0..<count).map { f in
                (0..<rows).reduce(Double(start[f])) { $0 - Double(weights[$1]) * Double(matrix[$1 * count + f]) }
            }
            #expect(relativeError(out.map(Double.init), combination, floor: 1) < 1e-5, "\(path) subtractCombination \(count)")

            // The greedy move: the coordinate whose shrinkage step moves furthest.
            let z = random.gaussians(count), steps = (0..<count).map { _ in Float(0.5) }
            let thresholds = (0..<count).map { _ in Float(0.3) }
            let (atom, value) = z.withUnsafeBufferPointer { z in
                x.withUnsafeBufferPointer { r in
                    steps.withUnsafeBufferPointer { s in
                        thresholds.withUnsafeBufferPointer { t in
                            table.largestMove(z: z.baseAddress!, r: r.baseAddress!, steps: s.baseAddress!,
                                              thresholds: t.baseAddress!, atoms: count, positive: false)
                        }
                    }
                }
            }
            let moves = (0..<count).map { j -> (Double, Float) in
                let v = Double(z[j]) + Double(x[j]) * 0.5
                let next = v > 0.3 ? v - 0.3 : (v < -0.3 ? v + 0.3 : 0)
                return (abs(next - Double(z[j])), Float(next))
            }
            let best = moves.indices.max { moves[$0].0 < moves[$1].0 }!
            #expect(atom == best, "\(path) largestMove \(count): atom \(atom), expected \(best)")
            #expect(abs(value - moves[best].1) < 1e-5, "\(path) largestMove \(count): value \(value)")

            // The fused greedy step: r += a·x and the next move in one pass, the same as the
            // two calls (r above is start + (−0.75)·x by `addScaled`).
            var fused = start
            let fusedMove = fused.withUnsafeMutableBufferPointer { r in
                x.withUnsafeBufferPointer { x in
                    z.withUnsafeBufferPointer { z in
                        steps.withUnsafeBufferPointer { s in
                            thresholds.withUnsafeBufferPointer { t in
                                table.largestMoveAfterAddingScaled(
                                    -0.75, x.baseAddress!, to: r.baseAddress!, z: z.baseAddress!, steps: s.baseAddress!,
                                    thresholds: t.baseAddress!, atoms: count, positive: false)
                            }
                        }
                    }
                }
            }
            let separate = r.withUnsafeBufferPointer { r in
                z.withUnsafeBufferPointer { z in
                    steps.withUnsafeBufferPointer { s in
                        thresholds.withUnsafeBufferPointer { t in
                            table.largestMove(z: z.baseAddress!, r: r.baseAddress!, steps: s.baseAddress!,
                                              thresholds: t.baseAddress!, atoms: count, positive: false)
                        }
                    }
                }
            }
            #expect(fused == r, "\(path) largestMoveAfterAddingScaled \(count): r differs from addScaled's")
            #expect(fusedMove == separate, "\(path) largestMoveAfterAddingScaled \(count): \(fusedMove) vs \(separate)")
        }
    }
}
