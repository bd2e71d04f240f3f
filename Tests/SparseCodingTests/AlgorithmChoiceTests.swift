import Testing
@testable import SparseCoding

/// `--algorithm lars` and `cd` are run as asked past `gramAtomLimit` (their Gram matrix made
/// for the call), refused past `explicitGramAtomLimit`, and never replaced by another solver.
@Suite struct AlgorithmChoiceTests {
    @Test func onlyAutoDependsOnTheAtomCount() {
        for atoms in [10, LassoEncoder.gramAtomLimit + 1, 100_000] {
            for algorithm in [LassoEncoder.Algorithm.lars, .cd, .fista, .ista] {
                #expect(LassoEncoder.resolvedAlgorithm(algorithm, atoms: atoms) == algorithm)
            }
        }
        #expect(LassoEncoder.resolvedAlgorithm(.auto, atoms: LassoEncoder.gramAtomLimit) == .lars)
        #expect(LassoEncoder.resolvedAlgorithm(.auto, atoms: LassoEncoder.gramAtomLimit + 1) == .fista)
    }

    /// Past 2048 atoms the encoder holds no Gram matrix; LARS and CD (which need it) still
    /// run, and their codes meet the lasso's optimality conditions.
    @Test(arguments: [LassoEncoder.Algorithm.lars, .cd])
    func explicitSolverRunsPastTheGramLimit(algorithm: LassoEncoder.Algorithm) {
        var random = TestRandom(seed: 77)
        let atoms = LassoEncoder.gramAtomLimit + 52, features = 12, rows = 3
        let d = random.dictionary(atoms: atoms, features: features)
        let y = random.gaussians(rows * features)
        let encoder = LassoEncoder(dictionary: d, atoms: atoms, features: features, stepSolvers: false)
        #expect(encoder.gramMatrix == nil)
        let lambda: Float = 0.4
        let result = encoder.encode(y, rows: rows, options: .init(lambda: lambda, tolerance: 1e-7, algorithm: algorithm))
        let violation = LassoEncoderTests.kktViolation(y: y, z: result.codes, d: d, rows: rows, atoms: atoms,
                                                       features: features, lambda: Double(lambda), positive: false)
        // CD stops at its tolerance on ‖Δz‖, so its codes are optimal to about 1% of λ.
        #expect(violation < (algorithm == .lars ? 1e-3 : 1e-2 * Double(lambda)), "\(algorithm): KKT violation \(violation)")
        #expect(result.codes.contains { $0 != 0 })
    }

    @Test func explicitGramSolversAreRefusedPastTheirLimit() {
        let atoms = LassoEncoder.explicitGramAtomLimit + 1
        for algorithm in [LassoEncoder.Algorithm.lars, .cd] {
            #expect(throws: SparseCodingError.self) {
                try LassoEncoder.Options(lambda: 1, algorithm: algorithm).validate(atoms: atoms)
            }
            #expect(throws: SparseCodingError.self) {
                try DictionaryLearner.Options(lambda: 1, algorithm: algorithm).validate(atoms: atoms)
            }
        }
        for algorithm in [LassoEncoder.Algorithm.auto, .fista, .ista] {
            #expect(throws: Never.self) { try LassoEncoder.Options(lambda: 1, algorithm: algorithm).validate(atoms: atoms) }
        }
        #expect(throws: Never.self) {
            try LassoEncoder.Options(lambda: 1, algorithm: .lars).validate(atoms: LassoEncoder.explicitGramAtomLimit)
        }
    }

    @Test func listaEncoderFromAFileIsValidated() {
        func encoder(thresholds: [Float], depth: Int = 2, filter: Float = 0.1) throws(SparseCodingError) -> LISTAEncoder {
            try LISTAEncoder(validating: [Float](repeating: filter, count: 6), mutual: [Float](repeating: 0, count: 4),
                             thresholds: thresholds, atoms: 2, features: 3, depth: depth, positive: false)
        }
        for thresholds: [Float] in [[-0.5, 0.1], [0.1, .nan], [.infinity, 0], [0.1]] {
            #expect(throws: SparseCodingError.self) { _ = try encoder(thresholds: thresholds) }
        }
        #expect(throws: SparseCodingError.self) { _ = try encoder(thresholds: [0.1, 0.1], depth: 0) }
        #expect(throws: SparseCodingError.self) { _ = try encoder(thresholds: [0.1, 0.1], filter: .infinity) }
        #expect(throws: Never.self) { _ = try encoder(thresholds: [0, 0.1]) }
    }
}
