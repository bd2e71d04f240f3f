import SparseCoding
import Testing

/// The whole-run drivers of dict-learn and lista-train, and the coder of sparse-encode.
struct TrainingRunTests {
    static var rows: [Float] {
        var random = TestRandom(seed: 11)
        return random.gaussians(200 * 16)
    }

    static func plan(holdout: Int = 20, length: DictionaryTraining.Length = .epochs(1), atoms: Int = 8) -> DictionaryTraining.Plan {
        DictionaryTraining.Plan(atoms: atoms, batchSize: 16, length: length, holdout: holdout, seed: 3, start: .dataRows)
    }

    @Test func dictionaryRunIsDeterministicAndReportsEveryEpoch() throws {
        func run() throws -> (DictionaryTraining, [DictionaryTraining.EpochReport], Int) {
            var training = try DictionaryTraining(values: Self.rows, rows: 200, features: 16, plan: Self.plan(length: .epochs(2)),
                                                  options: DictionaryLearner.Options(lambda: 0.2))
            var reports: [DictionaryTraining.EpochReport] = []
            var checkpoints = 0
            training.run(seconds: { 1 }, measuresHoldout: true, checkpointEvery: 0.5, report: { reports.append($0) }, checkpoint: { _ in checkpoints += 1 })
            return (training, reports, checkpoints)
        }
        let (first, reports, checkpoints) = try run()
        let (second, _, _) = try run()
        #expect(first.learner.dictionary == second.learner.dictionary)
        #expect(first.trainingRows == 180 && first.totalSteps == Int((2.0 * 180 / 16).rounded(.up)))
        #expect(first.learner.steps == first.totalSteps)
        #expect(reports.count == 2)  // after epoch 1, then at the last step (epoch 2.04)
        #expect(reports.last!.epochs > 2 && reports.first!.epochs >= 1 && reports.first!.epochs < 2)
        #expect(reports.allSatisfy { $0.heldOutObjective != nil && $0.trainingObjective > 0 })
        #expect(checkpoints == 4)
    }

    @Test func dictionaryRunRefusesTooFewRows() {
        #expect(throws: SparseCodingError.self) {
            _ = try DictionaryTraining(values: Self.rows, rows: 200, features: 16, plan: Self.plan(holdout: 200), options: .init(lambda: 0.2))
        }
        #expect(throws: SparseCodingError.self) {
            _ = try DictionaryTraining(values: Self.rows, rows: 200, features: 16, plan: Self.plan(holdout: 195, atoms: 8), options: .init(lambda: 0.2))
        }
    }

    @Test func listaRunLowersTheHeldOutCodeError() throws {
        var random = TestRandom(seed: 5)
        let dictionary = random.dictionary(atoms: 12, features: 16)
        var training = try LISTATraining(values: Self.rows, rows: 200, dictionary: dictionary, atoms: 12, features: 16, lambda: 0.3,
                                         depth: 2, positive: false, epochs: 8, learningRate: 0.2, batchSize: 20, holdout: 40, seed: 1)
        var epochs: [Int] = []
        training.run(seconds: { 1 }) { epochs.append($0.epoch) }
        #expect(epochs == Array(1...8))
        #expect(training.heldOutError! < training.untrainedError!)
        #expect(LISTATraining.codeLoss([1, 2], [1, 0], rows: 1) == 2)
    }

    @Test func coderTotalsAgreeWithTheEncoders() {
        var random = TestRandom(seed: 9)
        let dictionary = random.dictionary(atoms: 12, features: 16)
        let lasso = LassoEncoder(dictionary: dictionary, atoms: 12, features: 16)
        let options = LassoEncoder.Options(lambda: 0.3)
        var totals = SparseCoder.Totals()
        let codes = SparseCoder.lasso(lasso, options).encode(Self.rows, rows: 200, totals: &totals)
        let direct = lasso.encode(Self.rows, rows: 200, options: options)
        #expect(codes == direct.codes && totals.rows == 200)
        #expect(abs(totals.energy! - direct.meanObjective * 200) < 1e-9 * max(1, abs(totals.energy!)))
        let lista = LISTAEncoder(dictionary: dictionary, atoms: 12, features: 16, lambda: 0.3, depth: 3)
        var listaTotals = SparseCoder.Totals()
        let listaCodes = SparseCoder.lista(lista, lambda: 0.3, dictionary: nil).encode(Self.rows, rows: 200, totals: &listaTotals)
        #expect(listaCodes == lista.encode(Self.rows, rows: 200))
        #expect(listaTotals.energy == nil && listaTotals.iterations == nil)
        #expect(listaTotals.nonZeros == Double(listaCodes.filter { $0 != 0 }.count))
    }
}
