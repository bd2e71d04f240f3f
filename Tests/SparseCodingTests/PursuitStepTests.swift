import Testing
@testable import SparseCoding

/// The kernels' `pursuitStep` (one step of OMP / ORMP over the atoms) on every supported path:
/// against its formula in Double, ties and excluded atoms, and the fused paths bit for bit.
@Suite struct PursuitStepTests {
    struct Outcome: Equatable {
        var atom: Int
        var basisRow: [Float]
        var alpha: [Float]
        var norms: [Float]
    }

    /// One step with `count` earlier rows of `basis`, through `table`.
    static func step(_ table: KernelTable, update: Bool, gramRow: [Float], basis: [Float], weights: [Float], count: Int,
                     inversePivot: Float, projection: Float, alpha: [Float], norms: [Float], floors: [Float],
                     orderRecursive: Bool) -> Outcome {
        let n = alpha.count
        var basis = basis + [Float](repeating: .nan, count: n)
        var alpha = alpha, norms = norms
        let atom = gramRow.withUnsafeBufferPointer { g in
            weights.withUnsafeBufferPointer { w in
                floors.withUnsafeBufferPointer { f in
                    basis.withUnsafeMutableBufferPointer { b in
                        alpha.withUnsafeMutableBufferPointer { a in
                            norms.withUnsafeMutableBufferPointer { norms in
                                table.pursuitStep(
                                    gramRow: update ? g.baseAddress! : nil, basis: b.baseAddress!, weights: w.baseAddress!, count: count,
                                    inversePivot: inversePivot, projection: projection, alpha: a.baseAddress!, norms: norms.baseAddress!,
                                    floors: f.baseAddress!, atoms: n, orderRecursive: orderRecursive)
                            }
                        }
                    }
                }
            }
        }
        return Outcome(atom: atom, basisRow: Array(basis[count * n..<(count + 1) * n]), alpha: alpha, norms: norms)
    }

    @Test(arguments: KernelPath.supported)
    func matchesItsFormula(path: KernelPath) {
        var random = TestRandom(seed: 170)
        for n in [1, 7, 8, 16, 17, 33, 64, 65, 131] {
            for orderRecursive in [false, true] {
                let count = 3
                let gramRow = random.gaussians(n), basis = random.gaussians(count * n), weights = random.gaussians(count)
                let alpha = random.gaussians(n)
                var norms = (0..<n).map { _ in Float(4 + random.unit()) }
                let floors = [Float](repeating: 0.5, count: n)
                if n > 2 { norms[1] = -.infinity }      // an atom already chosen
                let outcome = Self.step(path.table, update: true, gramRow: gramRow, basis: basis, weights: weights, count: count,
                                        inversePivot: 0.8, projection: -1.3, alpha: alpha, norms: norms, floors: floors,
                                        orderRecursive: orderRecursive)
                var w = [Double](), a = [Double](), m = [Double](), scores = [Double]()
                for j in 0..<n {
                    var value = Double(gramRow[j])
                    for i in 0..<count { value -= Double(weights[i]) * Double(basis[i * n + j]) }
                    value *= 0.8
                    w.append(value)
                    a.append(Double(alpha[j]) + 1.3 * value)
                    m.append(orderRecursive ? Double(norms[j]) - value * value : Double(norms[j]))
                    scores.append(m[j] > 0.5 ? (orderRecursive ? a[j] * a[j] / m[j] : abs(a[j])) : 0)
                }
                let what = "\(path) n \(n) orderRecursive \(orderRecursive)"
                #expect(relativeError(outcome.basisRow.map(Double.init), w, floor: 1) < 1e-5, "\(what): basis row")
                #expect(relativeError(outcome.alpha.map(Double.init), a, floor: 1) < 1e-5, "\(what): alpha")
                let finite = (0..<n).filter { m[$0].isFinite }
                #expect(relativeError(finite.map { Double(outcome.norms[$0]) }, finite.map { m[$0] }, floor: 1) < 1e-5, "\(what): norms")
                let largest = scores.max()!
                #expect(outcome.atom >= 0 && outcome.atom != 1 || n <= 2, "\(what): atom \(outcome.atom)")
                if outcome.atom >= 0 { #expect(scores[outcome.atom] >= largest * (1 - 1e-5), "\(what): atom \(outcome.atom) scores \(scores[outcome.atom]) of \(largest)") }
            }
        }
    }

    /// Equal scores go to the lowest index, wherever they sit in the vectors and the tail; no
    /// eligible atom with a score above 0 gives −1.
    @Test(arguments: KernelPath.supported)
    func tiesGoToTheLowestIndex(path: KernelPath) {
        for n in [5, 16, 40, 67] {
            for pair in [(0, n - 1), (n / 3, n - 2), (n - 2, n - 1)] where pair.0 < pair.1 {
                var alpha = [Float](repeating: 0.25, count: n)
                alpha[pair.0] = -2; alpha[pair.1] = 2
                let ones = [Float](repeating: 1, count: n), zeros = [Float](repeating: 0, count: n)
                for orderRecursive in [false, true] {
                    let outcome = Self.step(path.table, update: false, gramRow: zeros, basis: [], weights: [], count: 0, inversePivot: 1,
                                            projection: 0, alpha: alpha, norms: ones, floors: zeros, orderRecursive: orderRecursive)
                    #expect(outcome.atom == pair.0, "\(path) n \(n) \(pair) orderRecursive \(orderRecursive)")
                }
            }
            let none = Self.step(path.table, update: false, gramRow: [], basis: [], weights: [], count: 0, inversePivot: 1, projection: 0,
                                 alpha: [Float](repeating: 0, count: n), norms: [Float](repeating: 1, count: n),
                                 floors: [Float](repeating: 0, count: n), orderRecursive: false)
            #expect(none.atom == -1, "\(path) n \(n): all-zero scores")
        }
    }

    @Test func fusedPathsAgreeBitForBit() {
        let fused = KernelPath.supported.filter { $0 != .portable }
        var random = TestRandom(seed: 171)
        for n in [13, 64, 100, 256] {
            let count = 4
            let gramRow = random.gaussians(n), basis = random.gaussians(count * n), weights = random.gaussians(count)
            let alpha = random.gaussians(n), norms = (0..<n).map { _ in Float(3 + random.unit()) }
            for orderRecursive in [false, true] {
                let outcomes = fused.map {
                    Self.step($0.table, update: true, gramRow: gramRow, basis: basis, weights: weights, count: count, inversePivot: 0.7,
                              projection: 0.9, alpha: alpha, norms: norms, floors: [Float](repeating: 0.1, count: n), orderRecursive: orderRecursive)
                }
                for (path, outcome) in zip(fused, outcomes).dropFirst() {
                    #expect(outcome == outcomes[0], "\(path) and \(fused[0]) differ, n \(n), orderRecursive \(orderRecursive)")
                }
            }
        }
    }
}
