import Testing
@testable import SparseCoding

@Suite struct LipschitzTests {
    /// λ_max(D·Dᵀ) from a naive Double Gram matrix and the (separately tested) eigensolver.
    static func reference(_ d: [Float], atoms: Int, features: Int) -> Double {
        var g = [Double](repeating: 0, count: atoms * atoms)
        for i in 0..<atoms {
            for j in 0..<atoms {
                for f in 0..<features { g[i * atoms + j] += Double(d[i * features + f]) * Double(d[j * features + f]) }
            }
        }
        return symmetricEigen(g, n: atoms).values[0]
    }

    /// Fewer atoms than features (iterates on D·Dᵀ) and more (iterates on DᵀD).
    @Test(arguments: [(5, 12), (40, 16), (96, 24), (30, 30)])
    func matchesTheLargestEigenvalue(atoms: Int, features: Int) {
        var random = TestRandom(seed: UInt64(700 + atoms))
        let d = random.dictionary(atoms: atoms, features: features)
        let expected = Self.reference(d, atoms: atoms, features: features)
        let bare = lipschitzConstant(dictionary: d, atoms: atoms, features: features, safetyFactor: 1)
        #expect(abs(bare - expected) <= 1e-9 * expected, "\(bare) vs \(expected)")
        let safe = lipschitzConstant(dictionary: d, atoms: atoms, features: features)
        #expect(safe == bare * 1.0001)
    }

    @Test func closedForms() {
        var random = TestRandom(seed: 710)
        // Orthonormal rows: D·Dᵀ = I.
        let q = random.orthogonal(12).map(Float.init)
        let rows = Array(q[0..<(5 * 12)])
        #expect(abs(lipschitzConstant(dictionary: rows, atoms: 5, features: 12, safetyFactor: 1) - 1) < 1e-6)
        // Two identical unit atoms: D·Dᵀ = [[1, 1], [1, 1]], eigenvalue 2.
        let atom = Array(q[(6 * 12)..<(7 * 12)])
        #expect(abs(lipschitzConstant(dictionary: atom + atom, atoms: 2, features: 12, safetyFactor: 1) - 2) < 1e-6)
        // A scaled identity: every eigenvalue equals 9.
        var diagonal = [Float](repeating: 0, count: 16)
        for i in 0..<4 { diagonal[i * 4 + i] = 3 }
        #expect(abs(lipschitzConstant(dictionary: diagonal, atoms: 4, features: 4, safetyFactor: 1) - 9) < 1e-12)
        #expect(lipschitzConstant(dictionary: [0, 0, 0, 0], atoms: 2, features: 2) == 0)
    }
}
