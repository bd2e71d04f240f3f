import Testing
@testable import SparseCoding

/// Batch-OMP against independent references written here: exhaustive search over all supports
/// where greedy selection is optimal (orthogonal atoms), a naive OMP (a fresh least-squares fit
/// per step) on coherent random dictionaries, the error target on every row, and refusals.
@Suite struct OMPEncoderTests {
    /// The least-squares codes of `y` `[features]` on the atoms `support` of `d`, and the
    /// squared residual: normal equations by Gaussian elimination with partial pivoting, Double.
    static func leastSquares(y: [Float], d: [Float], features: Int, support: [Int]) -> (codes: [Double], residual: Double) {
        let s = support.count
        var a = [Double](repeating: 0, count: s * (s + 1))
        for i in 0..<s {
            for j in 0..<s {
                var dot = 0.0
                for f in 0..<features { dot += Double(d[support[i] * features + f]) * Double(d[support[j] * features + f]) }
                a[i * (s + 1) + j] = dot
            }
            var dot = 0.0
            for f in 0..<features { dot += Double(d[support[i] * features + f]) * Double(y[f]) }
            a[i * (s + 1) + s] = dot
        }
        for column in 0..<s {
            let pivot = (column..<s).max { abs(a[$0 * (s + 1) + column]) < abs(a[$1 * (s + 1) + column]) }!
            for j in 0...s { a.swapAt(column * (s + 1) + j, pivot * (s + 1) + j) }
            for i in 0..<s where i != column {
                let factor = a[i * (s + 1) + column] / a[column * (s + 1) + column]
                for j in column...s { a[i * (s + 1) + j] -= factor * a[column * (s + 1) + j] }
            }
        }
        let codes = (0..<s).map { a[$0 * (s + 1) + s] / a[$0 * (s + 1) + $0] }
        var residual = 0.0
        for f in 0..<features {
            var value = Double(y[f])
            for i in 0..<s { value -= codes[i] * Double(d[support[i] * features + f]) }
            residual += value * value
        }
        return (codes, residual)
    }

    /// ‖y − z·D‖² of one row, Double.
    static func squaredResidual(y: ArraySlice<Float>, z: ArraySlice<Float>, d: [Float], atoms: Int, features: Int) -> Double {
        var total = 0.0
        for f in 0..<features {
            var value = Double(y[y.startIndex + f])
            for a in 0..<atoms where z[z.startIndex + a] != 0 { value -= Double(z[z.startIndex + a]) * Double(d[a * features + f]) }
            total += value * value
        }
        return total
    }

    /// Naive OMP: each step forms the residual, picks the unchosen atom with the largest
    /// |correlation| (lowest index on ties) and refits all chosen atoms by least squares.
    static func naivePath(y: [Float], d: [Float], atoms: Int, features: Int, steps: Int) -> [[Int]] {
        var support = [Int]()
        var path = [[Int]]()
        var codes = [Double]()
        for _ in 0..<steps {
            var residual = y.map(Double.init)
            for (i, atom) in support.enumerated() {
                for f in 0..<features { residual[f] -= codes[i] * Double(d[atom * features + f]) }
            }
            var best = -1, bestValue = 0.0
            for atom in 0..<atoms where !support.contains(atom) {
                var dot = 0.0
                for f in 0..<features { dot += residual[f] * Double(d[atom * features + f]) }
                if abs(dot) > bestValue { bestValue = abs(dot); best = atom }
            }
            support.append(best)
            codes = leastSquares(y: y, d: d, features: features, support: support).codes
            path.append(support)
        }
        return path
    }

    static func support(of codes: ArraySlice<Float>) -> Set<Int> {
        Set(codes.indices.filter { codes[$0] != 0 }.map { $0 - codes.startIndex })
    }

    static func subsets(of n: Int, size: Int) -> [[Int]] {
        if size == 0 { return [[]] }
        if n < size { return [] }
        return subsets(of: n - 1, size: size) + subsets(of: n - 1, size: size - 1).map { $0 + [n - 1] }
    }

    /// With orthogonal atoms the best K-term approximation keeps the K largest |d·y|, which is
    /// OMP's choice: its support and codes must be those of the exhaustive search.
    @Test(arguments: [1, 2, 3, 4])
    func matchesExhaustiveSearchWithOrthogonalAtoms(k: Int) {
        var random = TestRandom(seed: 1700 + UInt64(k))
        let n = 7, rows = 25
        let d = random.orthogonal(n).map { Float($0) }
        let y = random.gaussians(rows * n)
        let result = OMPEncoder(dictionary: d, atoms: n, features: n).encode(y, rows: rows, options: .init(atomsPerRow: k))
        for row in 0..<rows {
            let yRow = Array(y[row * n..<(row + 1) * n])
            let best = Self.subsets(of: n, size: k)
                .map { ($0, Self.leastSquares(y: yRow, d: d, features: n, support: $0)) }
                .min { $0.1.residual < $1.1.residual }!
            let z = result.codes[row * n..<(row + 1) * n]
            #expect(Self.support(of: z) == Set(best.0), "row \(row)")
            for (i, atom) in best.0.enumerated() {
                #expect(abs(Double(z[z.startIndex + atom]) - best.1.codes[i]) <= 1e-5 * max(1, abs(best.1.codes[i])))
            }
        }
    }

    /// The shape of a greedy path's reference: y, D, atoms, features, steps → supports per step.
    typealias NaivePath = (_ y: [Float], _ d: [Float], _ atoms: Int, _ features: Int, _ steps: Int) -> [[Int]]

    /// On a coherent random dictionary (more atoms than features, unit-norm atoms, seed `seed`)
    /// and 20 Gaussian rows, codes with 1 … features − 1 atoms per row under `rule` and expects
    /// each row's support after each step to be `naivePath`'s and its codes the least-squares
    /// fit on it. Returns the supports found, per step and row.
    @discardableResult
    static func expectToFollow(_ naivePath: NaivePath, rule: OMPEncoder.Options.Rule, seed: UInt64,
                               shape: (atoms: Int, features: Int)) -> [[Set<Int>]] {
        var random = TestRandom(seed: seed)
        let (atoms, features) = shape
        let d = random.dictionary(atoms: atoms, features: features)
        let rows = 20, steps = features - 1
        let y = random.gaussians(rows * features)
        let encoder = OMPEncoder(dictionary: d, atoms: atoms, features: features)
        let paths = (0..<rows).map { naivePath(Array(y[$0 * features..<($0 + 1) * features]), d, atoms, features, steps) }
        return (1...steps).map { k in
            let codes = encoder.encode(y, rows: rows, options: .init(atomsPerRow: k, rule: rule)).codes
            return (0..<rows).map { row in
                let z = codes[row * atoms..<(row + 1) * atoms]
                let expected = paths[row][k - 1]
                #expect(support(of: z) == Set(expected), "\(rule) row \(row), step \(k)")
                let fit = leastSquares(y: Array(y[row * features..<(row + 1) * features]), d: d, features: features, support: expected)
                for (i, atom) in expected.enumerated() {
                    #expect(abs(Double(z[z.startIndex + atom]) - fit.codes[i]) <= 1e-3 * max(1, abs(fit.codes[i])), "\(rule) row \(row), step \(k)")
                }
                return support(of: z)
            }
        }
    }

    /// On coherent random dictionaries (more atoms than features) the support after each step
    /// is the naive OMP's, and the codes are its least-squares fit.
    @Test(arguments: [(atoms: 12, features: 6), (atoms: 30, features: 10)])
    func followsTheNaiveGreedyPath(shape: (atoms: Int, features: Int)) {
        Self.expectToFollow({ Self.naivePath(y: $0, d: $1, atoms: $2, features: $3, steps: $4) }, rule: .orthogonal,
                            seed: 9 &* UInt64(shape.atoms), shape: shape)
    }

    /// Every row ends with ‖y − z·D‖² ≤ E, and with no atom to spare: one step fewer on the
    /// naive path leaves it above E.
    @Test(arguments: [0.5, 0.1, 0.01])
    func honoursTheErrorTargetOnEveryRow(fraction: Double) {
        var random = TestRandom(seed: 4242)
        let atoms = 48, features = 16, rows = 150
        let d = random.dictionary(atoms: atoms, features: features)
        let y = random.gaussians(rows * features)
        let target = fraction * Double(features)
        let result = OMPEncoder(dictionary: d, atoms: atoms, features: features).encode(y, rows: rows, options: .init(errorTarget: target))
        #expect(result.rowsAboveTarget == 0)
        var nonZeros = 0
        for row in 0..<rows {
            let yRow = y[row * features..<(row + 1) * features], z = result.codes[row * atoms..<(row + 1) * atoms]
            let residual = Self.squaredResidual(y: yRow, z: z, d: d, atoms: atoms, features: features)
            #expect(residual <= target * (1 + 1e-4), "row \(row): \(residual) > \(target)")
            let used = Self.support(of: z).count
            nonZeros += used
            if used > 0 {
                let shorter = used == 1 ? [] : Self.naivePath(y: Array(yRow), d: d, atoms: atoms, features: features, steps: used - 1).last!
                #expect(Self.leastSquares(y: Array(yRow), d: d, features: features, support: shorter).residual > target * (1 - 1e-4), "row \(row)")
            }
        }
        #expect(Double(nonZeros) / Double(rows) == result.meanNonZeros)
    }

    /// With both stopping rules, each row stops at whichever comes first.
    @Test func stopsAtTheAtomLimitOrTheTarget() {
        var random = TestRandom(seed: 31)
        let atoms = 40, features = 20, rows = 60
        let d = random.dictionary(atoms: atoms, features: features)
        let y = random.gaussians(rows * features)
        let encoder = OMPEncoder(dictionary: d, atoms: atoms, features: features)
        let target = 0.3 * Double(features)
        let both = encoder.encode(y, rows: rows, options: .init(atomsPerRow: 5, errorTarget: target))
        let errorOnly = encoder.encode(y, rows: rows, options: .init(errorTarget: target))
        var capped = 0
        for row in 0..<rows {
            let free = Self.support(of: errorOnly.codes[row * atoms..<(row + 1) * atoms]).count
            let limited = Self.support(of: both.codes[row * atoms..<(row + 1) * atoms]).count
            #expect(limited == min(free, 5))
            if free > 5 { capped += 1 }
        }
        #expect(capped > 0 && capped == both.rowsAboveTarget)
    }

    /// A row's code depends only on the row: coding rows one at a time gives the same bytes as
    /// one batch (several tiles, all processors).
    @Test func rowsAreIndependentOfTheBatch() {
        var random = TestRandom(seed: 5)
        let atoms = 64, features = 16, rows = 500
        let d = random.dictionary(atoms: atoms, features: features)
        let y = random.gaussians(rows * features)
        let encoder = OMPEncoder(dictionary: d, atoms: atoms, features: features)
        let options = OMPEncoder.Options(atomsPerRow: 6, errorTarget: 0.5)
        let batch = encoder.encode(y, rows: rows, options: options).codes
        for row in stride(from: 0, to: rows, by: 37) {
            let single = encoder.encode(Array(y[row * features..<(row + 1) * features]), rows: 1, options: options).codes
            #expect(single == Array(batch[row * atoms..<(row + 1) * atoms]))
        }
    }

    @Test func refusesOptionsOutOfTheirDomain() {
        let refused: [OMPEncoder.Options] = [.init(), .init(atomsPerRow: 0), .init(atomsPerRow: 9), .init(atomsPerRow: 5, errorTarget: -1),
                                             .init(errorTarget: .nan)]
        for options in refused {
            #expect(throws: SparseCodingError.self) { try options.validate(atoms: 20, features: 8) }
        }
        #expect(throws: SparseCodingError.self) { try OMPEncoder.Options(atomsPerRow: 5).validate(atoms: 4, features: 8) }
        #expect(throws: Never.self) { try OMPEncoder.Options(atomsPerRow: 8, errorTarget: 0).validate(atoms: 20, features: 8) }
        #expect(throws: SparseCodingError.self) { try OMPEncoder.Options(atomsPerRow: 2).validate(atoms: OMPEncoder.atomLimit + 1, features: 8) }
    }
}
