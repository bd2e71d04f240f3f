import Testing
@testable import SparseCoding

/// `Options.rule = .orderRecursive` (ORMP, SPAMS' rule) against its definition: at each step the
/// atom whose least-squares refit leaves the smallest residual, found here by trying every atom.
@Suite struct OrderRecursivePursuitTests {
    typealias Reference = OMPEncoderTests

    /// Naive ORMP: each step refits y on the chosen atoms plus each candidate in turn (Double,
    /// by `OMPEncoderTests.leastSquares`) and keeps the candidate with the smallest residual
    /// (lowest index on ties).
    static func naivePath(y: [Float], d: [Float], atoms: Int, features: Int, steps: Int) -> [[Int]] {
        var support = [Int]()
        var path = [[Int]]()
        for _ in 0..<steps {
            var best = -1, bestResidual = Double.infinity
            for atom in 0..<atoms where !support.contains(atom) {
                let residual = Reference.leastSquares(y: y, d: d, features: features, support: support + [atom]).residual
                if residual < bestResidual { bestResidual = residual; best = atom }
            }
            support.append(best)
            path.append(support)
        }
        return path
    }

    /// On coherent random dictionaries the support after each step is the naive ORMP's, and
    /// the codes are its least-squares fit; on these problems the rule differs from OMP's.
    @Test(arguments: [(atoms: 12, features: 6), (atoms: 30, features: 10)])
    func followsTheNaiveOrderRecursivePath(shape: (atoms: Int, features: Int)) {
        let seed = 77 &* UInt64(shape.atoms)
        let ormp = Reference.expectToFollow({ Self.naivePath(y: $0, d: $1, atoms: $2, features: $3, steps: $4) }, rule: .orderRecursive,
                                            seed: seed, shape: shape)
        let omp = Reference.expectToFollow({ Reference.naivePath(y: $0, d: $1, atoms: $2, features: $3, steps: $4) }, rule: .orthogonal,
                                           seed: seed, shape: shape)
        #expect(ormp != omp, "the test problem does not tell ORMP from OMP")
    }

    /// With orthogonal atoms every atom's norm off the chosen span stays 1, so ORMP makes
    /// OMP's choices and writes the same codes.
    @Test func makesOMPsChoicesWithOrthogonalAtoms() {
        var random = TestRandom(seed: 2024)
        let n = 9, rows = 40
        let d = random.orthogonal(n).map { Float($0) }
        let y = random.gaussians(rows * n)
        let encoder = OMPEncoder(dictionary: d, atoms: n, features: n)
        for k in [1, 3, 6] {
            let omp = encoder.encode(y, rows: rows, options: .init(atomsPerRow: k))
            let ormp = encoder.encode(y, rows: rows, options: .init(atomsPerRow: k, rule: .orderRecursive))
            for row in 0..<rows {
                #expect(Reference.support(of: omp.codes[row * n..<(row + 1) * n]) == Reference.support(of: ormp.codes[row * n..<(row + 1) * n]),
                        "k \(k), row \(row)")
            }
        }
    }

    /// The error target holds on every row with ORMP too.
    @Test func honoursTheErrorTarget() {
        var random = TestRandom(seed: 4343)
        let atoms = 48, features = 16, rows = 150
        let d = random.dictionary(atoms: atoms, features: features)
        let y = random.gaussians(rows * features)
        let target = 0.1 * Double(features)
        let result = OMPEncoder(dictionary: d, atoms: atoms, features: features)
            .encode(y, rows: rows, options: .init(errorTarget: target, rule: .orderRecursive))
        #expect(result.rowsAboveTarget == 0)
        for row in 0..<rows {
            let residual = Reference.squaredResidual(y: y[row * features..<(row + 1) * features], z: result.codes[row * atoms..<(row + 1) * atoms],
                                                     d: d, atoms: atoms, features: features)
            #expect(residual <= target * (1 + 1e-4), "row \(row): \(residual) > \(target)")
        }
    }
}
