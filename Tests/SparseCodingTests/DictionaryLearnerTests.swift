import Testing
@testable import SparseCoding

/// Online dictionary learning, checked against closed forms and against a planted dictionary.
struct DictionaryLearnerTests {
    /// Y = Z·D* with 2-sparse codes: the learner, from random atoms, finds every planted atom
    /// (up to sign), which no bookkeeping error could fake.
    @Test func recoversAPlantedDictionary() {
        let atoms = 12, features = 16, rows = 4000
        var random = TestRandom(seed: 7)
        let planted = random.dictionary(atoms: atoms, features: features)
        var data = [Float](repeating: 0, count: rows * features)
        for r in 0..<rows {
            var used = Set<Int>()
            while used.count < 2 { used.insert(Int(random.next() % UInt64(atoms))) }
            for j in used {
                let magnitude = Float(1 + random.unit())
                let sign: Float = random.next() & 1 == 0 ? 1 : -1
                for f in 0..<features { data[r * features + f] += sign * magnitude * planted[j * features + f] }
            }
        }
        // A few spare atoms, as usual, so that local minima do not strand a planted atom.
        let learnedAtoms = atoms + 4
        var learner = DictionaryLearner(
            initialDictionary: random.gaussians(learnedAtoms * features), atoms: learnedAtoms, features: features,
            options: .init(lambda: 0.3), seed: 1)
        var sampler = MinibatchSampler(rows: rows, batchSize: 128, seed: 2)
        for _ in 0..<(30 * rows / 128) {
            learner.step(gatherRows(data, features: features, indices: sampler.next()), rows: 128)
        }
        let learned = learner.dictionary
        var worst = 1.0
        for j in 0..<atoms {
            var best = 0.0
            for k in 0..<learnedAtoms {
                var dot = 0.0
                for f in 0..<features { dot += Double(planted[j * features + f]) * Double(learned[k * features + f]) }
                best = max(best, abs(dot))
            }
            worst = min(worst, best)
        }
        // Measured: every planted atom within |cos| ≥ 0.986 of a learned one; a random unit
        // vector in 16 dimensions is rarely above 0.6 from the best of 16.
        #expect(worst > 0.97, "a planted atom was not found: best |cos| only \(worst)")
    }

    /// One pass of the atom update is block-coordinate descent on ½·tr(D·Dᵀ·A) − tr(Dᵀ·B): atom
    /// j becomes the normalised minimiser (b_j − Σ_{k≠j} A_jk d_k)/A_jj given the atoms updated
    /// before it, computed here independently in Double.
    @Test func atomUpdateIsBlockCoordinateDescentOnTheSurrogate() {
        let atoms = 6, features = 5
        var random = TestRandom(seed: 11)
        var learner = DictionaryLearner(
            initialDictionary: random.dictionary(atoms: atoms, features: features), atoms: atoms,
            features: features, options: .init(lambda: 0.1), seed: 3)
        // A = MᵀM + I (positive definite), B arbitrary.
        let m = random.gaussians(atoms * atoms)
        var a = [Float](repeating: 0, count: atoms * atoms)
        for i in 0..<atoms {
            for j in 0..<atoms {
                var s: Float = i == j ? 1 : 0
                for k in 0..<atoms { s += m[k * atoms + i] * m[k * atoms + j] }
                a[i * atoms + j] = s
            }
        }
        learner.gramOfCodes = a
        learner.codesTimesData = random.gaussians(atoms * features)
        var expected = learner.dictionary.map(Double.init)
        for j in 0..<atoms {
            var u = (0..<features).map { Double(learner.codesTimesData[j * features + $0]) }
            for k in 0..<atoms where k != j {
                for f in 0..<features { u[f] -= Double(a[j * atoms + k]) * expected[k * features + f] }
            }
            let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for f in 0..<features { expected[j * features + f] = u[f] / norm }
        }
        let reinitialised = learner.updateAtoms(batch: [], codes: [], rows: 0)
        #expect(reinitialised == 0)
        #expect(relativeError(learner.dictionary.map(Double.init), expected) < 1e-5)
    }

    /// The statistics are the forgetting-weighted sums A = Σ β·ZᵀZ/n, B = Σ β·ZᵀY/n, and the
    /// first batch almost forgets the (zero) start: β₀ = 1/(η + 1).
    @Test func statisticsFollowTheForgettingRule() {
        #expect(abs(DictionaryLearner.forgetting(step: 0, batchSize: 10) - 1 / 11) < 1e-7)
        // Past the warm-up, θ = η² + t + 1 − η and β = (θ + 1 − η)/(θ + 1) tends to 1.
        let t = 1000, eta = 10
        let theta = Double(eta * eta + t + 1 - eta)
        #expect(abs(Double(DictionaryLearner.forgetting(step: t, batchSize: eta)) - (theta + 1 - Double(eta)) / (theta + 1)) < 1e-7)

        let atoms = 3, features = 2, rows = 2
        var learner = DictionaryLearner(
            initialDictionary: [1, 0, 0, 1, 1, 1], atoms: atoms, features: features,
            options: .init(lambda: 0), seed: 0)
        let codes: [Float] = [1, 0, 2, 0, 3, 0]
        let data: [Float] = [1, 2, 3, 4]
        learner.accumulate(codes: codes, data: data, rows: rows)
        learner.steps = 1
        learner.accumulate(codes: codes, data: data, rows: rows)
        // A starts at zero, so the first batch's sum is forgotten once (by β₁), plus the second.
        let weight = Double(DictionaryLearner.forgetting(step: 1, batchSize: rows)) + 1
        // ZᵀZ/2 = [[1,0,2],[0,9,0],[2,0,4]]/2; ZᵀY/2 = [[1,2],[9,12],[2,4]]/2.
        let gram: [Double] = [1, 0, 2, 0, 9, 0, 2, 0, 4].map { $0 / 2 * weight }
        let cross: [Double] = [1, 2, 9, 12, 2, 4].map { $0 / 2 * weight }
        #expect(relativeError(learner.gramOfCodes.map(Double.init), gram) < 1e-6)
        #expect(relativeError(learner.codesTimesData.map(Double.init), cross) < 1e-6)
    }

    /// Atoms that no row can use (orthogonal to every row) are moved into the data's span,
    /// and learning lowers the held-out energy.
    @Test func unusedAtomsAreReinitialisedFromTheData() {
        let atoms = 6, features = 8, rows = 600
        var random = TestRandom(seed: 5)
        // Data in the span of the first four coordinates; atoms 3..5 start in the other four.
        var data = [Float](repeating: 0, count: rows * features)
        for r in 0..<rows { for f in 0..<4 { data[r * features + f] = Float(random.gaussian()) } }
        var initial = [Float](repeating: 0, count: atoms * features)
        for j in 0..<3 { initial[j * features + j] = 1 }
        for j in 3..<atoms { initial[j * features + j + 1] = 1 }
        var learner = DictionaryLearner(
            initialDictionary: initial, atoms: atoms, features: features, options: .init(lambda: 0.1), seed: 9)
        let heldOut = Array(data[0..<(100 * features)])
        func energy(_ d: [Float]) -> Double {
            let codes = LassoEncoder(dictionary: d, atoms: atoms, features: features)
                .encode(heldOut, rows: 100, options: .init(lambda: 0.1)).codes
            return lassoObjective(data: heldOut, codes: codes, rows: 100, dictionary: d, atoms: atoms, features: features, lambda: 0.1).reduce(0, +)
        }
        let before = energy(initial)
        var sampler = MinibatchSampler(rows: rows - 100, batchSize: 50, seed: 4)
        let training = Array(data[(100 * features)...])
        for _ in 0..<40 { learner.step(gatherRows(training, features: features, indices: sampler.next()), rows: 50) }
        #expect(learner.reinitialisedAtoms >= 3)
        for j in 0..<atoms {
            var outside = 0.0
            for f in 4..<features { outside += Double(learner.dictionary[j * features + f] * learner.dictionary[j * features + f]) }
            #expect(outside < 1e-8, "atom \(j) still has \(outside) of its energy outside the data's span")
        }
        #expect(energy(learner.dictionary) < 0.8 * before)
    }

    @Test func positiveAtomsStayNonNegativeAndUnit() {
        let atoms = 8, features = 9
        var random = TestRandom(seed: 3)
        let data = random.gaussians(200 * features).map { abs($0) }
        var learner = DictionaryLearner(
            initialDictionary: random.gaussians(atoms * features), atoms: atoms, features: features,
            options: .init(lambda: 0.2, positive: true, positiveAtoms: true), seed: 1)
        var sampler = MinibatchSampler(rows: 200, batchSize: 32, seed: 1)
        for _ in 0..<20 { learner.step(gatherRows(data, features: features, indices: sampler.next()), rows: 32) }
        for j in 0..<atoms {
            let atom = learner.dictionary[(j * features)..<((j + 1) * features)]
            #expect(atom.allSatisfy { $0 >= 0 })
            #expect(abs(atom.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        }
    }

    @Test func sameSeedSameDictionary() {
        let atoms = 10, features = 6
        var random = TestRandom(seed: 8)
        let data = random.gaussians(300 * features)
        let initial = random.gaussians(atoms * features)
        func run(seed: UInt64) -> [Float] {
            var learner = DictionaryLearner(initialDictionary: initial, atoms: atoms, features: features, options: .init(lambda: 0.3), seed: seed)
            var sampler = MinibatchSampler(rows: 300, batchSize: 64, seed: seed)
            for _ in 0..<15 { learner.step(gatherRows(data, features: features, indices: sampler.next()), rows: 64) }
            return learner.dictionary
        }
        #expect(run(seed: 1) == run(seed: 1))
        #expect(run(seed: 1) != run(seed: 2))
    }

    /// Every epoch visits every row once; batches keep their size across epoch boundaries.
    @Test func samplerVisitsEveryRowOncePerEpoch() {
        var sampler = MinibatchSampler(rows: 10, batchSize: 4, seed: 3)
        var dealt = [Int]()
        for _ in 0..<5 {
            let batch = sampler.next()
            #expect(batch.count == 4)
            dealt += batch
        }
        #expect(Set(dealt[0..<10]) == Set(0..<10))
        #expect(Set(dealt[10..<20]) == Set(0..<10))
        #expect(dealt[0..<10] != dealt[10..<20], "each epoch should have its own order")
        #expect(sampler.epochs == 2)
    }

    @Test func holdoutSplitIsAPartition() {
        let split = holdoutSplit(rows: 50, holdout: 7, seed: 2)
        #expect(split.holdout.count == 7 && split.training.count == 43)
        #expect(Set(split.holdout).isDisjoint(with: split.training))
        #expect(Set(split.holdout + split.training) == Set(0..<50))
        #expect(holdoutSplit(rows: 50, holdout: 7, seed: 3).holdout != split.holdout)
    }
}
