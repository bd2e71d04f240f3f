// The dictionary half of a step: block-coordinate descent over the atoms, unit-norm
// renormalisation, and the re-initialisation of atoms no row uses.

extension DictionaryLearner {
    /// An atom is unused when A_jj ≤ this share of the mean of A's diagonal (or A is zero).
    static let unusedAtomShare: Float = 1e-6

    /// One pass of block-coordinate descent over the atoms on the surrogate
    /// ½·tr(D·Dᵀ·A) − tr(Dᵀ·B), in atom order, each atom renormalised as it is updated
    /// (Gauss–Seidel: later atoms see the new earlier ones). O(atoms²·features).
    /// - Returns: how many unused atoms were re-initialised from `batch`'s residuals.
    mutating func updateAtoms(batch: [Float], codes: [Float], rows: Int) -> Int {
        let atoms = atoms, features = features
        var trace: Float = 0
        for j in 0..<atoms { trace += gramOfCodes[j * atoms + j] }
        let unusedBelow = Self.unusedAtomShare * trace / Float(atoms)
        var unused = [Int]()
        var moved = [Float](repeating: 0, count: features)
        for j in 0..<atoms {
            let ajj = gramOfCodes[j * atoms + j]
            guard ajj > unusedBelow, ajj > 0 else {
                unused.append(j)
                continue
            }
            // moved = b_j − a_j·D, the gradient of the surrogate along d_j (negated).
            dictionary.withUnsafeBufferPointer { d in
                gramOfCodes.withUnsafeBufferPointer { a in
                    codesTimesData.withUnsafeBufferPointer { b in
                        moved.withUnsafeMutableBufferPointer { moved in
                            kernels.subtractCombination(
                                of: d.baseAddress!, weights: a.baseAddress! + j * atoms, count: atoms,
                                length: features, from: b.baseAddress! + j * features, into: moved.baseAddress!)
                        }
                    }
                }
            }
            let inverse = 1 / ajj
            for f in 0..<features { dictionary[j * features + f] += moved[f] * inverse }
            normaliseAtom(j)
        }
        for j in unused { reinitialiseAtom(j, batch: batch, codes: codes, rows: rows) }
        return unused.count
    }

    /// Scales atom j to unit norm (after clipping at zero with `positiveAtoms`); an atom
    /// with no norm left becomes a random unit vector.
    mutating func normaliseAtom(_ j: Int) {
        let row = j * features
        if options.positiveAtoms {
            for f in 0..<features where !(dictionary[row + f] > 0) { dictionary[row + f] = 0 }
        }
        var squares = 0.0
        for f in 0..<features { squares += Double(dictionary[row + f]) * Double(dictionary[row + f]) }
        if squares > 1e-24 {
            let scale = Float(1 / squares.squareRoot())
            for f in 0..<features { dictionary[row + f] *= scale }
            return
        }
        for f in 0..<features {
            let value = Float(generator.gaussian())
            dictionary[row + f] = options.positiveAtoms ? abs(value) : value
        }
        normaliseAtom(j)
    }

    /// Replaces atom j by the normalised residual y − z·D of a random row of the minibatch
    /// (what the dictionary explains worst is where a new atom helps), and forgets its
    /// statistics: row and column j of A, row j of B.
    /// With no rows (a merged round), the atom becomes a random unit vector.
    mutating func reinitialiseAtom(_ j: Int, batch: [Float], codes: [Float], rows: Int) {
        let row = j * features
        guard rows > 0 else {
            for f in 0..<features { dictionary[row + f] = 0 }
            normaliseAtom(j)
            forgetAtom(j)
            return
        }
        let r = generator.below(rows)
        var residual = Array(batch[(r * features)..<((r + 1) * features)])
        for k in 0..<atoms {
            let z = codes[r * atoms + k]
            if z == 0 || k == j { continue }
            for f in 0..<features { residual[f] -= z * dictionary[k * features + f] }
        }
        var squares: Float = 0
        for value in residual { squares += value * value }
        // A row the dictionary already explains leaves no residual: start from the row itself.
        if squares <= 1e-12 { residual = Array(batch[(r * features)..<((r + 1) * features)]) }
        for f in 0..<features { dictionary[row + f] = residual[f] }
        normaliseAtom(j)
        forgetAtom(j)
    }

    /// Forgets atom j's statistics: row and column j of A, row j of B.
    private mutating func forgetAtom(_ j: Int) {
        for k in 0..<atoms {
            gramOfCodes[j * atoms + k] = 0
            gramOfCodes[k * atoms + j] = 0
        }
        for f in 0..<features { codesTimesData[j * features + f] = 0 }
    }
}
