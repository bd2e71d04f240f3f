import Testing
@testable import SparseCoding

/// LISTA checked against ISTA written out independently, the exact lasso optimum, central finite
/// differences in Double, and its purpose (beating ISTA at equal depth after training).
@Suite struct LISTATests {
    // MARK: Independent references (naive, Double)

    /// K ISTA steps from z = 0: z ← h_{λ/L}(z − (z·D·Dᵀ − y·Dᵀ)/L), per row, in Double.
    static func ista(d: [Float], y: [Float], rows: Int, atoms: Int, features: Int, lambda: Double,
                     lipschitz l: Double, steps: Int, positive: Bool) -> [Double] {
        var codes = [Double]()
        for r in 0..<rows {
            // y·Dᵀ and D·Dᵀ
            let yd = (0..<atoms).map { a in
                (0..<features).reduce(0.0) { $0 + Double(y[r * features + $1]) * Double(d[a * features + $1]) }
            }
            var z = [Double](repeating: 0, count: atoms)
            for _ in 0..<steps {
                var next = z
                for a in 0..<atoms {
                    var zg = 0.0
                    for b in 0..<atoms {
                        var g = 0.0
                        for f in 0..<features { g += Double(d[b * features + f]) * Double(d[a * features + f]) }
                        zg += z[b] * g
                    }
                    let v = z[a] - (zg - yd[a]) / l, t = lambda / l
                    next[a] = positive ? max(v - t, 0) : (v > t ? v - t : (v < -t ? v + t : 0))
                }
                z = next
            }
            codes += z
        }
        return codes
    }

    /// The LISTA forward pass in Double: the codes z_K and every pre-activation c_t.
    static func forward(_ e: LISTAEncoder, filter: [Double], mutual: [Double], thresholds: [Double],
                        y: [Float], rows: Int) -> (codes: [Double], pre: [[Double]]) {
        let n = e.atoms, m = e.features
        let shrink = { (c: Double, t: Double) -> Double in
            e.positive ? max(c - t, 0) : (c > t ? c - t : (c < -t ? c + t : 0))
        }
        var codes = [Double](), pre = [[Double]](repeating: [], count: e.depth)
        for r in 0..<rows {
            let b = (0..<n).map { a in (0..<m).reduce(0.0) { $0 + Double(y[r * m + $1]) * filter[$1 * n + a] } }
            var z = [Double](repeating: 0, count: n)
            for t in 0..<e.depth {
                var c = b
                if t > 0 {
                    for a in 0..<n { for k in 0..<n { c[a] += z[k] * mutual[k * n + a] } }
                }
                pre[t] += c
                z = (0..<n).map { shrink(c[$0], thresholds[$0]) }
            }
            codes += z
        }
        return (codes, pre)
    }

    /// 1/(2·rows)·Σ‖z_K − z*‖² by the Double forward.
    static func loss(_ e: LISTAEncoder, filter: [Double], mutual: [Double], thresholds: [Double],
                     y: [Float], targets: [Float], rows: Int) -> Double {
        let z = forward(e, filter: filter, mutual: mutual, thresholds: thresholds, y: y, rows: rows).codes
        var s = 0.0
        for i in z.indices { s += (z[i] - Double(targets[i])) * (z[i] - Double(targets[i])) }
        return s / Double(2 * rows)
    }

    /// Mean over rows of ‖z − z*‖².
    static func codeError(_ z: [Float], _ target: [Float], rows: Int) -> Double {
        var s = 0.0
        for i in z.indices { s += Double(z[i] - target[i]) * Double(z[i] - target[i]) }
        return s / Double(rows)
    }

    // MARK: Untrained LISTA is ISTA

    /// The ISTA initialisation at depth K gives exactly K ISTA steps from zero.
    @Test(arguments: [1, 2, 5, 10], [false, true])
    func untrainedEncoderIsISTA(depth: Int, positive: Bool) {
        var random = TestRandom(seed: 31)
        let atoms = 20, features = 12, rows = 7
        let d = random.dictionary(atoms: atoms, features: features)
        let y = random.gaussians(rows * features)
        let lambda: Float = 0.1
        let encoder = LISTAEncoder(dictionary: d, atoms: atoms, features: features, lambda: lambda,
                                   depth: depth, positive: positive)
        let l = Double(Float(lipschitzConstant(dictionary: d, atoms: atoms, features: features)))
        let expected = Self.ista(d: d, y: y, rows: rows, atoms: atoms, features: features,
                                 lambda: Double(lambda), lipschitz: l, steps: depth, positive: positive)
        let codes = encoder.encode(y, rows: rows)
        let error = relativeError(codes.map(Double.init), expected)
        #expect(error < 1e-5, "depth \(depth): relative error \(error)")
        #expect(expected.contains { $0 != 0 } && expected.contains { $0 == 0 }, "degenerate test: all or no codes zero")
        if positive { #expect(codes.allSatisfy { $0 >= 0 }) }
    }

    /// Deep enough, the untrained encoder reaches the lasso optimum found by LARS.
    @Test(arguments: [false, true])
    func deepUntrainedEncoderReachesTheLassoOptimum(positive: Bool) {
        var random = TestRandom(seed: 32)
        let atoms = 20, features = 12, rows = 7
        let d = random.dictionary(atoms: atoms, features: features)
        let y = random.gaussians(rows * features)
        let lambda: Float = 0.1
        let encoder = LISTAEncoder(dictionary: d, atoms: atoms, features: features, lambda: lambda,
                                   depth: 2000, positive: positive)
        let codes = encoder.encode(y, rows: rows)
        let exact = LassoEncoder(dictionary: d, atoms: atoms, features: features)
            .encode(y, rows: rows, options: .init(lambda: lambda, algorithm: .lars, positive: positive)).codes
        for r in 0..<rows {
            let row = (0..<features).map { Double(y[r * features + $0]) }
            let mine = referenceObjective(y: row, z: codes[(r * atoms)..<((r + 1) * atoms)].map(Double.init),
                                          d: d, atoms: atoms, features: features, lambda: Double(lambda))
            let best = referenceObjective(y: row, z: exact[(r * atoms)..<((r + 1) * atoms)].map(Double.init),
                                          d: d, atoms: atoms, features: features, lambda: Double(lambda))
            #expect(abs(mine - best) <= 1e-3 * best, "row \(r): LISTA-2000 \(mine), LARS \(best)")
        }
    }

    // MARK: Gradient

    /// Every component of the analytic gradient of W_e, S and θ against central differences of
    /// the loss computed in Double, at parameters perturbed away from the ISTA initialisation
    /// with every pre-activation at least 1e-3 from a kink.
    @Test(arguments: [false, true])
    func gradientMatchesFiniteDifferences(positive: Bool) throws {
        let atoms = 8, features = 6, rows = 5, depth = 3
        var random = TestRandom(seed: positive ? 41 : 42)
        let d = random.dictionary(atoms: atoms, features: features)
        var encoder = LISTAEncoder(dictionary: d, atoms: atoms, features: features, lambda: 0.1,
                                   depth: depth, positive: positive)
        for i in encoder.filter.indices { encoder.filter[i] += Float(0.05 * random.gaussian()) }
        for i in encoder.mutual.indices { encoder.mutual[i] += Float(0.05 * random.gaussian()) }
        for i in encoder.thresholds.indices { encoder.thresholds[i] = Float(0.1 + 0.2 * random.unit()) }
        let y = random.gaussians(rows * features)
        let targets = random.gaussians(rows * atoms, scale: 0.3)

        let filter = encoder.filter.map(Double.init)
        let mutual = encoder.mutual.map(Double.init)
        let thresholds = encoder.thresholds.map(Double.init)

        // The check is only meaningful away from the kinks and with both kinds of units.
        let pre = Self.forward(encoder, filter: filter, mutual: mutual, thresholds: thresholds, y: y, rows: rows).pre
        var margin = Double.infinity, active = 0, total = 0
        for t in 0..<depth {
            for i in pre[t].indices {
                let c = pre[t][i], theta = thresholds[i % atoms]
                margin = min(margin, positive ? abs(c - theta) : abs(abs(c) - theta))
                if positive ? c > theta : abs(c) > theta { active += 1 }
                total += 1
            }
        }
        try #require(margin > 1e-3, "a pre-activation is \(margin) from a kink")
        let fraction = Double(active) / Double(total)
        try #require(fraction > 0.2 && fraction < 0.8, "active fraction \(fraction)")

        let (loss, gradient) = encoder.lossAndGradient(y, targets: targets, rows: rows)
        let reference = Self.loss(encoder, filter: filter, mutual: mutual, thresholds: thresholds,
                                  y: y, targets: targets, rows: rows)
        #expect(abs(loss - reference) <= 1e-5 * reference, "loss \(loss), Double reference \(reference)")

        // Central differences of the Double loss, one parameter at a time, in block
        // 0 (W_e), 1 (S) or 2 (θ).
        let h = 1e-6
        let base = [filter, mutual, thresholds]
        func difference(_ block: Int, _ i: Int) -> Double {
            var plus = base, minus = base
            plus[block][i] += h
            minus[block][i] -= h
            let lossAt = { (p: [[Double]]) in
                Self.loss(encoder, filter: p[0], mutual: p[1], thresholds: p[2], y: y, targets: targets, rows: rows)
            }
            return (lossAt(plus) - lossAt(minus)) / (2 * h)
        }
        let numeric: [(name: String, values: [Double])] = ["W_e", "S", "θ"].enumerated().map { block, name in
            (name, base[block].indices.map { difference(block, $0) })
        }
        let analytic = [gradient.filter, gradient.mutual, gradient.thresholds].map { $0.map(Double.init) }

        var allError = 0.0, allNorm = 0.0
        for (block, (name, values)) in numeric.enumerated() {
            var error = 0.0, norm = 0.0
            for i in values.indices {
                error += (analytic[block][i] - values[i]) * (analytic[block][i] - values[i])
                norm += values[i] * values[i]
            }
            #expect(norm > 0, "\(name): finite differences all zero")
            #expect(error.squareRoot() <= 1e-3 * norm.squareRoot(),
                    "\(name): ‖analytic − FD‖/‖FD‖ = \((error / norm).squareRoot())")
            allError += error
            allNorm += norm
        }
        let relative = (allError / allNorm).squareRoot()
        #expect(relative < 1e-3, "whole gradient: relative error \(relative)")
        print("LISTA gradient check (positive: \(positive)): ‖analytic − FD‖/‖FD‖ = \(relative), active \(fraction), margin \(margin)")
    }

    // MARK: Training

    /// Sparse data Y = Z·D + noise with targets from LARS: Adam on depth-2 LISTA beats 2 ISTA steps.
    static func trainingProblem(positive: Bool) -> (d: [Float], y: [Float], targets: [Float], rows: Int) {
        let atoms = 32, features = 16, rows = 3000
        var random = TestRandom(seed: 50)
        let d = random.dictionary(atoms: atoms, features: features)
        var y = random.gaussians(rows * features, scale: 0.05)
        for r in 0..<rows {
            for _ in 0..<3 {
                let a = Int(random.next() % UInt64(atoms))
                let value = Float(positive ? 0.5 + random.unit() : random.gaussian())
                for f in 0..<features { y[r * features + f] += value * d[a * features + f] }
            }
        }
        let targets = LassoEncoder(dictionary: d, atoms: atoms, features: features)
            .encode(y, rows: rows, options: .init(lambda: 0.1, algorithm: .lars, positive: positive)).codes
        return (d, y, targets, rows)
    }

    @Test(arguments: [false, true])
    func trainingBeatsISTAAtEqualDepth(positive: Bool) {
        let (d, y, targets, rows) = Self.trainingProblem(positive: positive)
        let atoms = 32, features = 16, held = 500, training = rows - held
        let trainY = Array(y[..<(training * features)]), trainZ = Array(targets[..<(training * atoms)])
        let testY = Array(y[(training * features)...]), testZ = Array(targets[(training * atoms)...])

        let initial = LISTAEncoder(dictionary: d, atoms: atoms, features: features, lambda: 0.1,
                                   depth: 2, positive: positive)
        let untrained = Self.codeError(initial.encode(testY, rows: held), testZ, rows: held)
        let l = Double(Float(lipschitzConstant(dictionary: d, atoms: atoms, features: features)))
        let istaCodes = Self.ista(d: d, y: testY, rows: held, atoms: atoms, features: features,
                                  lambda: 0.1, lipschitz: l, steps: 2, positive: positive)
        let ista = Self.codeError(istaCodes.map(Float.init), testZ, rows: held)

        var trainer = LISTATrainer(encoder: initial, learningRate: 0.2, seed: 1)
        let losses = trainer.train(trainY, targets: trainZ, rows: training, batchSize: 64, count: 400)
        let trained = Self.codeError(trainer.encoder.encode(testY, rows: held), testZ, rows: held)

        // How many ISTA steps the trained depth-2 encoder is worth.
        var equivalent = 2
        while equivalent < 200 {
            let deeper = LISTAEncoder(dictionary: d, atoms: atoms, features: features, lambda: 0.1,
                                      depth: equivalent, positive: positive)
            if Self.codeError(deeper.encode(testY, rows: held), testZ, rows: held) <= trained { break }
            equivalent += 1
        }
        print("LISTA training (positive: \(positive)): held-out mean ‖z − z*‖² untrained \(untrained), ISTA-2 \(ista), trained \(trained) (\(trained / untrained)×), matches ISTA-\(equivalent); loss \(losses.first!) → \(losses.last!)")
        #expect(trained < 0.5 * untrained, "trained \(trained), untrained \(untrained)")
        #expect(trained < 0.5 * ista, "trained \(trained), ISTA-2 \(ista)")
        #expect(trainer.encoder.thresholds.allSatisfy { $0 >= 0 })
    }

    // MARK: Determinism

    /// Same seed, same bytes; a row's code does not depend on the batch or the 4096-row chunks.
    @Test func trainingAndEncodingAreDeterministic() {
        let (d, y, targets, rows) = Self.trainingProblem(positive: false)
        let atoms = 32, features = 16
        let initial = LISTAEncoder(dictionary: d, atoms: atoms, features: features, lambda: 0.1, depth: 3)
        func run(seed: UInt64) -> (LISTAEncoder, [Double]) {
            var trainer = LISTATrainer(encoder: initial, learningRate: 3e-3, seed: seed)
            let losses = trainer.train(y, targets: targets, rows: rows, batchSize: 50, count: 30)
            return (trainer.encoder, losses)
        }
        let (a, lossesA) = run(seed: 9), (b, lossesB) = run(seed: 9), (c, _) = run(seed: 10)
        #expect(a == b && lossesA == lossesB)
        #expect(a != c, "the seed does not change the minibatches")

        // 5000 rows span two chunks; every row must come out as when encoded on its own.
        let big = (0..<5000).flatMap { r in y[((r % rows) * features)..<((r % rows + 1) * features)] }
        let codes = a.encode(big, rows: 5000)
        #expect(codes == a.encode(big, rows: 5000))
        for r in [0, 1, 4095, 4096, 4097, 4999] {
            let alone = a.encode(Array(big[(r * features)..<((r + 1) * features)]), rows: 1)
            #expect(alone == Array(codes[(r * atoms)..<((r + 1) * atoms)]), "row \(r)")
        }
    }

    /// Adam's first step moves every parameter by −α·sign(g) (bias correction makes m̂ = g, v̂ = g²).
    @Test func adamFirstStepIsSignStep() {
        var adam = AdamOptimizer(learningRate: 0.01)
        var p: [Float] = [1, 2, 3, 4]
        adam.step(&p, gradient: [0.5, -2, 1e-3, 0], slot: 0)
        let expected: [Float] = [0.99, 2.01, 2.99, 4]
        for i in p.indices { #expect(abs(p[i] - expected[i]) < 1e-5, "p[\(i)] = \(p[i])") }
        #expect(adam.steps(slot: 0) == 1 && adam.steps(slot: 1) == 0)
    }
}
