// Orthogonal matching pursuit on the known entries of a row only (inpainting).

/// Codes rows with some entries missing by orthogonal matching pursuit on the known entries
/// only (the inpainting step of Mairal, Elad & Sapiro 2008): per row y with mask m,
///
///     z = argmin over z with few non-zeros:  ‖m ⊙ (y − z·D)‖²,
///
/// atoms chosen greedily, each time the one whose masked atom m ⊙ d_k is most correlated with
/// the residual (the correlation divided by ‖m ⊙ d_k‖, since masking leaves atoms of unequal
/// norms), z the least-squares fit on the masked atoms chosen so far; until `maxAtoms` atoms,
/// or ‖m ⊙ (y − z·D)‖² ≤ `errorTarget`, or no atom is left that touches a known entry. The
/// rebuilt row z·D then fills in the missing entries.
///
/// Unlike `OMPEncoder` (Batch-OMP on one Gram matrix for all rows), each row has its own
/// masked Gram matrix, so the least squares are solved directly: Cholesky of the chosen
/// masked atoms' Gram matrix, redone at each step. Cost per row and step s: atoms·known for
/// the correlations, s²·known + s³ for the solve. Shapes: D `[atoms, features]` (one atom per
/// row), y and m `[features]`, z `[atoms]`.
public struct MaskedOMP: Sendable {
    /// The number of atoms (rows of D).
    public let atoms: Int
    /// The number of features (columns of D, entries of a row).
    public let features: Int
    /// D `[atoms, features]`, row-major.
    public let dictionary: [Float]

    /// An encoder for D `[atoms, features]` (row-major).
    public init(dictionary: [Float], atoms: Int, features: Int) {
        precondition(atoms >= 1 && features >= 1 && dictionary.count == atoms * features,
                     "MaskedOMP: dictionary has \(dictionary.count) elements, expected \(atoms)x\(features)")
        self.atoms = atoms
        self.features = features
        self.dictionary = dictionary
    }

    /// The code z `[atoms]` of `row` `[features]` on the entries where `known` is true.
    /// - Parameters:
    ///   - errorTarget: stop once the squared residual on the known entries is at most this.
    ///   - maxAtoms: the most non-zeros, 1...features.
    /// - Returns: z; all zeros when no entry is known.
    public func code(_ row: ArraySlice<Float>, known: ArraySlice<Bool>, errorTarget: Double, maxAtoms: Int) -> [Float] {
        pursue(row, known: known, groups: 0, errorTarget: errorTarget, maxAtoms: maxAtoms).code
    }

    /// The code z `[atoms]` and a free constant per channel, c `[channels]`, of `row`
    /// `[features]` (channels interleaved: entry f is channel f % channels) on its known
    /// entries: min ‖m ⊙ (y − z·D − c)‖², c fitted with z at every step (the known entries and
    /// the masked atoms lose their known mean per channel). This is how a patch whose mean over
    /// all its pixels is unknown is coded against mean-free atoms; z·D + c is the whole patch.
    /// - Returns: nil when a channel has no known entry.
    public func codeWithOffsets(_ row: ArraySlice<Float>, known: ArraySlice<Bool>, channels: Int,
                                errorTarget: Double, maxAtoms: Int) -> (code: [Float], offsets: [Float])? {
        precondition(channels >= 1 && features % channels == 0, "MaskedOMP: features must be a whole number of pixels")
        for c in 0..<channels where !stride(from: c, to: features, by: channels).contains(where: { known[known.startIndex + $0] }) {
            return nil
        }
        let result = pursue(row, known: known, groups: channels, errorTarget: errorTarget, maxAtoms: maxAtoms)
        return (result.code, result.offsets)
    }

    /// The pursuit; with `groups` > 0 the known entries and masked atoms are centred per
    /// group (entry f in group f % groups) first, and each group's offset is returned.
    private func pursue(_ row: ArraySlice<Float>, known: ArraySlice<Bool>, groups: Int,
                        errorTarget: Double, maxAtoms: Int) -> (code: [Float], offsets: [Float]) {
        precondition(row.count == features && known.count == features, "MaskedOMP: a row and its mask have \(features) entries")
        precondition(maxAtoms >= 1 && maxAtoms <= features, "MaskedOMP: maxAtoms must be 1...\(features)")
        var code = [Float](repeating: 0, count: atoms)
        let entries = zip(known.indices, known).filter(\.1).map { $0.0 - known.startIndex }
        let width = entries.count
        guard width > 0 else { return (code, [Float](repeating: 0, count: groups)) }
        var y = entries.map { Double(row[row.startIndex + $0]) }
        // The masked atoms, [atoms, known] in Double.
        var masked = [Double](repeating: 0, count: atoms * width)
        for k in 0..<atoms {
            for (j, f) in entries.enumerated() { masked[k * width + j] = Double(dictionary[k * features + f]) }
        }
        // Per group: the known entries' positions, and the means taken out of y and the atoms.
        let members = (0..<groups).map { g in entries.indices.filter { entries[$0] % groups == g } }
        var rowMeans = [Double](repeating: 0, count: groups), atomMeans = [Double](repeating: 0, count: atoms * groups)
        for (g, positions) in members.enumerated() where !positions.isEmpty {
            rowMeans[g] = positions.reduce(0) { $0 + y[$1] } / Double(positions.count)
            for j in positions { y[j] -= rowMeans[g] }
            for k in 0..<atoms {
                let mean = positions.reduce(0) { $0 + masked[k * width + $1] } / Double(positions.count)
                atomMeans[k * groups + g] = mean
                for j in positions { masked[k * width + j] -= mean }
            }
        }
        var norms = [Double](repeating: 0, count: atoms)
        for k in 0..<atoms { norms[k] = (0..<width).reduce(0) { $0 + masked[k * width + $1] * masked[k * width + $1] }.squareRoot() }
        let negligible = 1e-6 * (norms.max() ?? 0)
        var residual = y, chosen = [Int](), weights = [Double]()
        var energy = y.reduce(0) { $0 + $1 * $1 }
        while chosen.count < maxAtoms && energy > errorTarget {
            var best = -1, bestScore = 0.0
            for k in 0..<atoms where norms[k] > negligible && !chosen.contains(k) {
                var dot = 0.0
                for j in 0..<width { dot += residual[j] * masked[k * width + j] }
                let score = abs(dot) / norms[k]
                if score > bestScore { best = k; bestScore = score }
            }
            guard best >= 0, let solved = leastSquares(y, on: chosen + [best], masked: masked, width: width) else { break }
            chosen.append(best)
            weights = solved
            residual = y
            for (s, k) in chosen.enumerated() {
                for j in 0..<width { residual[j] -= weights[s] * masked[k * width + j] }
            }
            energy = residual.reduce(0) { $0 + $1 * $1 }
        }
        var offsets = rowMeans
        for (s, k) in chosen.enumerated() {
            code[k] = Float(weights[s])
            for g in 0..<groups { offsets[g] -= weights[s] * atomMeans[k * groups + g] }
        }
        return (code, offsets.map(Float.init))
    }

    /// The least-squares weights of `y` on the masked atoms `support` (rows of `masked`
    /// `[atoms, width]`), by Cholesky of their Gram matrix; nil when they are (nearly) dependent.
    private func leastSquares(_ y: [Double], on support: [Int], masked: [Double], width: Int) -> [Double]? {
        let s = support.count
        var gram = [Double](repeating: 0, count: s * s), rhs = [Double](repeating: 0, count: s)
        for a in 0..<s {
            for b in 0...a {
                var sum = 0.0
                for j in 0..<width { sum += masked[support[a] * width + j] * masked[support[b] * width + j] }
                gram[a * s + b] = sum
            }
            for j in 0..<width { rhs[a] += masked[support[a] * width + j] * y[j] }
        }
        // In place: gram's lower triangle becomes L with L·Lᵀ = G.
        for a in 0..<s {
            for b in 0...a {
                var sum = gram[a * s + b]
                for c in 0..<b { sum -= gram[a * s + c] * gram[b * s + c] }
                if a == b {
                    guard sum > 1e-9 * gram[a * s + a] else { return nil }
                    gram[a * s + a] = sum.squareRoot()
                } else {
                    gram[a * s + b] = sum / gram[b * s + b]
                }
            }
        }
        var x = rhs
        for a in 0..<s {
            for c in 0..<a { x[a] -= gram[a * s + c] * x[c] }
            x[a] /= gram[a * s + a]
        }
        for a in stride(from: s - 1, through: 0, by: -1) {
            for c in (a + 1)..<s { x[a] -= gram[c * s + a] * x[c] }
            x[a] /= gram[a * s + a]
        }
        return x
    }
}
