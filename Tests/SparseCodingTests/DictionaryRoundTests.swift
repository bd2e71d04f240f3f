import Testing
@testable import SparseCoding

/// Synchronous rounds of distributed dictionary learning: shards' statistics add up to the
/// concatenated batch's, and a merged round is the single-machine minibatch step.
struct DictionaryRoundTests {
    static let atoms = 10, features = 12, rows = 96

    static func setup() -> (data: [Float], dictionary: [Float]) {
        var random = TestRandom(seed: 31)
        return (random.gaussians(rows * features), random.dictionary(atoms: atoms, features: features))
    }

    /// Three uneven shards sum to the statistics of all rows; A, B and the energy recomputed
    /// from the codes of `LassoEncoder` directly.
    @Test func shardsSumToTheConcatenatedBatch() {
        let (data, dictionary) = Self.setup()
        let (atoms, features, rows) = (Self.atoms, Self.features, Self.rows)
        let options = DictionaryLearner.Options(lambda: 0.2)
        var merged = DictionaryRoundStatistics(atoms: atoms, features: features)
        var start = 0
        for size in [7, 0, 60, rows - 67] {
            let shard = Array(data[(start * features)..<((start + size) * features)])
            merged.merge(DictionaryRoundStatistics(coding: shard, rows: size, dictionary: dictionary, atoms: atoms, features: features, options: options))
            start += size
        }
        let coded = LassoEncoder(dictionary: dictionary, atoms: atoms, features: features)
            .encode(data, rows: rows, options: options.encoding)
        var a = [Double](repeating: 0, count: atoms * atoms), b = [Double](repeating: 0, count: atoms * features)
        for r in 0..<rows {
            for j in 0..<atoms {
                let zj = Double(coded.codes[r * atoms + j])
                for k in 0..<atoms { a[j * atoms + k] += zj * Double(coded.codes[r * atoms + k]) }
                for f in 0..<features { b[j * features + f] += zj * Double(data[r * features + f]) }
            }
        }
        #expect(merged.rows == rows)
        #expect(a.contains { $0 != 0 }, "the codes should not all be zero")
        for i in a.indices { #expect(abs(merged.gramOfCodes[i] - a[i]) <= 1e-9 * (1 + abs(a[i]))) }
        for i in b.indices { #expect(abs(merged.codesTimesData[i] - b[i]) <= 1e-9 * (1 + abs(b[i]))) }
        #expect(abs(merged.meanObjective - coded.meanObjective) <= 1e-5 * coded.meanObjective)
    }

    /// Two merged rounds move D as two single-machine steps on the same batches do (float
    /// tolerance: the merged sums are in Double), including the forgetting of the first.
    @Test func mergedRoundsAreMinibatchSteps() {
        let (data, dictionary) = Self.setup()
        let (atoms, features, rows) = (Self.atoms, Self.features, Self.rows)
        let options = DictionaryLearner.Options(lambda: 0.2)
        var single = DictionaryLearner(initialDictionary: dictionary, atoms: atoms, features: features, options: options, seed: 4)
        var rounds = DictionaryLearner(
            dictionary: dictionary, gramOfCodes: [Float](repeating: 0, count: atoms * atoms),
            codesTimesData: [Float](repeating: 0, count: atoms * features), steps: 0,
            atoms: atoms, features: features, options: options, seed: 4)
        let half = rows / 2 * features
        for batch in [Array(data[..<half]), Array(data[half...])] {
            single.step(batch, rows: rows / 2)
            var merged = DictionaryRoundStatistics(atoms: atoms, features: features)
            for shard in [Array(batch[..<(features * 10)]), Array(batch[(features * 10)...])] {
                merged.merge(DictionaryRoundStatistics(
                    coding: shard, rows: shard.count / features, dictionary: rounds.dictionary, atoms: atoms, features: features, options: options))
            }
            rounds.step(merged: merged, seed: 4)
        }
        #expect(single.reinitialisedAtoms == 0 && rounds.reinitialisedAtoms == 0)
        #expect(rounds.steps == 2)
        var moved: Float = 0
        for i in dictionary.indices {
            #expect(abs(single.dictionary[i] - rounds.dictionary[i]) <= 1e-4)
            moved = max(moved, abs(single.dictionary[i] - dictionary[i]))
        }
        #expect(moved > 0.05, "the steps should move the dictionary")
    }

    /// An unused atom in a merged round is re-initialised from one of the shards' residual rows
    /// (there is no batch here to take one from) and its statistics are forgotten.
    @Test func unusedAtomTakesAShardResidual() {
        let (data, dictionary) = Self.setup()
        let (atoms, features) = (Self.atoms, Self.features)
        var learner = DictionaryLearner(
            dictionary: dictionary, gramOfCodes: [Float](repeating: 0, count: atoms * atoms),
            codesTimesData: [Float](repeating: 0, count: atoms * features), steps: 0,
            atoms: atoms, features: features, options: .init(lambda: 0.2), seed: 9)
        var round = DictionaryRoundStatistics(coding: Array(data[..<(20 * features)]), rows: 20, dictionary: dictionary,
                                              atoms: atoms, features: features, options: .init(lambda: 0.2), residualRows: 3, seed: 5)
        #expect(round.residuals.count == 3 * features)
        for k in 0..<atoms { round.gramOfCodes[k] = 0; round.gramOfCodes[k * atoms] = 0 }
        for f in 0..<features { round.codesTimesData[f] = 0 }
        #expect(learner.step(merged: round, seed: 9) >= 1)
        let atom = Array(learner.dictionary[..<features])
        let norm = atom.reduce(Float(0)) { $0 + $1 * $1 }
        #expect(abs(norm - 1) < 1e-5)
        let cosines = (0..<3).map { c -> Float in
            let residual = round.residuals[(c * features)..<((c + 1) * features)]
            let length = residual.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            return zip(atom, residual).reduce(Float(0)) { $0 + $1.0 * $1.1 } / length
        }
        #expect(cosines.contains { abs($0 - 1) < 1e-4 }, "atom 0 should be a normalised residual: \(cosines)")
        #expect(learner.savedGramOfCodes[0] == 0 && learner.savedCodesTimesData[0] == 0)
    }

    /// `DictionaryTraining` with balanced minibatches (dict-learn --batch-per-file) takes the
    /// steps of a cluster's rounds: every round a fresh learner resumed from the saved D, A, B
    /// and steps, each shard dealing round r from a fresh `ShardMinibatches` (as a task does),
    /// the shards' statistics merged in order. Bit for bit, with atoms re-initialised on the
    /// way (a large λ leaves some unused), and unlike the pooled sampler.
    @Test func balancedTrainingTakesTheClusterRounds() throws {
        var random = TestRandom(seed: 17)
        let (atoms, features) = (12, 10)
        let sizes = [40, 25, 9]
        let data = random.gaussians(sizes.reduce(0, +) * features)
        let initial = random.dictionary(atoms: atoms, features: features)
        let options = DictionaryLearner.Options(lambda: 2)
        let (batch, rounds, seed): (Int, Int, UInt64) = (10, 8, 21)
        func training(balanced: Bool) throws -> DictionaryTraining {
            var run = try DictionaryTraining(
                values: data, rows: sizes.reduce(0, +), features: features,
                plan: .init(atoms: atoms, batchSize: balanced ? batch : 3 * batch, length: .steps(rounds), holdout: 0, seed: seed,
                            start: .dictionary(initial), sourceRows: balanced ? sizes : nil),
                options: options)
            run.run(seconds: { 1 }, measuresHoldout: false, checkpointEvery: nil, report: { _ in }, checkpoint: { _ in })
            return run
        }
        let single = try training(balanced: true)
        var state = DictionaryLearner(initialDictionary: initial, atoms: atoms, features: features, options: options, seed: 0)
        for round in 0..<rounds {
            var merged = DictionaryRoundStatistics(atoms: atoms, features: features)
            var first = 0
            for (shard, rows) in sizes.enumerated() {
                let shardRows = Array(data[(first * features)..<((first + rows) * features)])
                var task = ShardMinibatches(rows: rows, batchSize: batch, seed: seed, shard: shard)
                task.skip(rounds: round)
                merged.merge(task.nextStatistics(of: shardRows, features: features, dictionary: state.dictionary, atoms: atoms, options: options))
                first += rows
            }
            var driver = DictionaryLearner(
                dictionary: state.dictionary, gramOfCodes: state.savedGramOfCodes, codesTimesData: state.savedCodesTimesData,
                steps: state.steps, atoms: atoms, features: features, options: options, seed: 99)
            driver.step(merged: merged, seed: seed)
            state = driver
        }
        #expect(single.learner.reinitialisedAtoms > 0, "the test should cover re-initialised atoms")
        #expect(single.learner.steps == rounds && single.rowsPerStep == 3 * batch - 1 && single.epochs > 3)
        #expect(single.learner.dictionary == state.dictionary)
        #expect(single.learner.savedGramOfCodes == state.savedGramOfCodes)
        #expect(try training(balanced: false).learner.dictionary != state.dictionary, "pooled minibatches are other rows")
    }
}
