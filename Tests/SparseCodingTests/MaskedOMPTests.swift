import Testing
@testable import SparseCoding

/// Masked OMP (inpainting): recovery of a sparse row from its known entries, the least-squares
/// optimality of the fit on the chosen atoms, the error target, and the patch-level rebuild.
struct MaskedOMPTests {
    static let atoms = 48, features = 64

    /// A row of 3 random atoms (of 48 in 64 dimensions) with weights of at least 0.5 in size, and
    /// a mask with every 4th entry missing.
    static func problem(seed: UInt64) -> (d: [Float], row: [Float], known: [Bool], support: Set<Int>) {
        var random = TestRandom(seed: seed)
        let d = random.dictionary(atoms: atoms, features: features)
        var support = Set<Int>()
        while support.count < 3 { support.insert(Int(random.next() % UInt64(atoms))) }
        var row = [Float](repeating: 0, count: features)
        for k in support.sorted() {
            let weight = Float((0.5 + random.unit()) * (random.unit() < 0.5 ? -1 : 1))
            for f in 0..<features { row[f] += weight * d[k * features + f] }
        }
        return (d, row, (0..<features).map { $0 % 4 != 1 }, support)
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func recoversTheSupportAndTheMissingEntries(seed: UInt64) {
        let (d, row, known, support) = Self.problem(seed: seed)
        let omp = MaskedOMP(dictionary: d, atoms: Self.atoms, features: Self.features)
        var hidden = row
        for f in 0..<Self.features where !known[f] { hidden[f] = 99 }   // must not be read
        let code = omp.code(hidden[...], known: known[...], errorTarget: 1e-10, maxAtoms: 8)
        #expect(Set(code.indices.filter { code[$0] != 0 }) == support)
        for f in 0..<Self.features {
            let rebuilt = (0..<Self.atoms).reduce(Float(0)) { $0 + code[$1] * d[$1 * Self.features + f] }
            #expect(abs(rebuilt - row[f]) < 1e-4, "entry \(f) (known: \(known[f]))")
        }
    }

    /// With K atoms and no reachable target, the residual on the known entries is orthogonal to
    /// every chosen masked atom (the least-squares condition), and K atoms are used.
    @Test func fitIsLeastSquaresOnTheKnownEntries() {
        var random = TestRandom(seed: 11)
        let d = random.dictionary(atoms: Self.atoms, features: Self.features)
        let row = random.gaussians(Self.features)
        let known = (0..<Self.features).map { _ in random.unit() < 0.7 }
        let code = MaskedOMP(dictionary: d, atoms: Self.atoms, features: Self.features).code(row[...], known: known[...], errorTarget: 0, maxAtoms: 5)
        let chosen = code.indices.filter { code[$0] != 0 }
        #expect(chosen.count == 5)
        var residual = [Double](repeating: 0, count: Self.features)
        for f in 0..<Self.features where known[f] {
            residual[f] = Double(row[f]) - chosen.reduce(0) { $0 + Double(code[$1]) * Double(d[$1 * Self.features + f]) }
        }
        for k in chosen {
            let dot = (0..<Self.features).reduce(0) { $0 + residual[$1] * Double(d[k * Self.features + $1]) }
            #expect(abs(dot) < 1e-4, "atom \(k): <r, m d_k> = \(dot)")
        }
    }

    /// The error target stops the pursuit as soon as the known entries' residual is below it.
    @Test func errorTargetIsHonoured() {
        var random = TestRandom(seed: 12)
        let d = random.dictionary(atoms: Self.atoms, features: Self.features)
        let omp = MaskedOMP(dictionary: d, atoms: Self.atoms, features: Self.features)
        for _ in 0..<20 {
            let row = random.gaussians(Self.features)
            let known = (0..<Self.features).map { _ in random.unit() < 0.6 }
            let target = 0.3 * zip(row, known).reduce(0) { $0 + ($1.1 ? Double($1.0 * $1.0) : 0) }
            let code = omp.code(row[...], known: known[...], errorTarget: target, maxAtoms: Self.features)
            var energy = 0.0
            for f in 0..<Self.features where known[f] {
                let r = Double(row[f]) - (0..<Self.atoms).reduce(0) { $0 + Double(code[$1]) * Double(d[$1 * Self.features + f]) }
                energy += r * r
            }
            #expect(energy <= target * (1 + 1e-6), "residual \(energy) above \(target)")
            #expect(code.contains { $0 != 0 })
        }
    }

    /// Patches: a patch of 3 atoms plus a constant (its mean over all pixels unknown: every 4th
    /// value missing) comes back whole, offset included; a patch with nothing known is not coded.
    @Test func patchRebuildFitsTheOffsetAndFillsTheHoles() {
        let (d, row, known, _) = Self.problem(seed: 7)
        let patch = row.map { $0 + 0.25 }
        let inpainter = PatchInpainter(encoder: MaskedOMP(dictionary: d, atoms: Self.atoms, features: Self.features),
                                       channels: 1, errorPerValue: 1e-12, maxAtoms: 8)
        let none = [Bool](repeating: false, count: Self.features)
        let result = inpainter.rebuild(patch + patch, known: known + none)
        #expect(result.coded == [true, false])
        #expect(result.patches[Self.features...].allSatisfy { $0 == 0 })
        for f in 0..<Self.features {
            #expect(abs(result.patches[f] - patch[f]) < 1e-4, "value \(f) (known: \(known[f])): \(result.patches[f]) vs \(patch[f])")
        }
    }

    /// Colour: one offset per channel; a channel with no known value means no code.
    @Test func offsetsPerChannel() {
        let (d, row, _, _) = Self.problem(seed: 8)
        let patch = row.indices.map { row[$0] + [0.1, -0.2][$0 % 2] }
        let known = (0..<Self.features).map { $0 % 3 != 0 }
        let omp = MaskedOMP(dictionary: d, atoms: Self.atoms, features: Self.features)
        let result = omp.codeWithOffsets(patch[...], known: known[...], channels: 2, errorTarget: 1e-12, maxAtoms: 8)
        #expect(result.map { zip($0.offsets, [Float(0.1), -0.2]).allSatisfy { abs($0 - $1) < 1e-4 } } == true, "\(String(describing: result?.offsets))")
        let evenMissing = (0..<Self.features).map { $0 % 2 == 1 }
        #expect(omp.codeWithOffsets(patch[...], known: evenMissing[...], channels: 2, errorTarget: 0, maxAtoms: 4) == nil)
    }
}
