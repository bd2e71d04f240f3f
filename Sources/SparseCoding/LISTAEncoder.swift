// LISTA (Gregor & LeCun 2010): a fixed number of ISTA-shaped steps whose matrices and
// thresholds are learned, so that a shallow feed-forward encoder approximates lasso codes.
//
//     b = y·W_e,   z₁ = h_θ(b),   z_t = h_θ(b + z_{t−1}·S)   (t = 2..K)
//
// With W_e = Dᵀ/L, S = I − D·Dᵀ/L and θ = λ/L this is exactly K ISTA steps from z = 0.

/// A learned approximate lasso encoder (LISTA, Gregor & LeCun 2010) of depth K:
///
///     b = y·W_e,   z₁ = h_θ(b),   z_t = h_θ(b + z_{t−1}·S)  for t = 2..K,   code = z_K
///
/// with h_θ(c) = sign(c)·max(|c| − θ, 0) per atom (or max(c − θ, 0) when `positive`).
/// K is the number of shrinkages, so the untrained encoder (see
/// `init(dictionary:atoms:features:lambda:depth:positive:)`) computes exactly K ISTA steps
/// from z = 0 on ½‖y − z·D‖² + λ‖z‖₁.
///
/// Shapes (row-major, rows are samples): data Y `[rows, features]`, codes Z `[rows, atoms]`,
/// W_e `[features, atoms]`, S `[atoms, atoms]`, θ `[atoms]` (one threshold per atom, shared by
/// all steps). Training: `lossAndGradient` (LISTAEncoder+Gradient.swift), `AdamOptimizer`,
/// `LISTATrainer`.
public struct LISTAEncoder: Sendable, Equatable {
    /// The number of atoms (columns of the codes).
    public let atoms: Int
    /// The number of features (columns of the data).
    public let features: Int
    /// K ≥ 1, the number of shrinkages (K − 1 products with S).
    public let depth: Int
    /// Non-negative codes: h_θ(c) = max(c − θ, 0).
    public var positive: Bool
    /// W_e `[features, atoms]`, the filter applied once to the input: b = y·W_e.
    public var filter: [Float]
    /// S `[atoms, atoms]`, the mutual inhibition applied at every step after the first.
    public var mutual: [Float]
    /// θ `[atoms]`, the shrinkage threshold of each atom (≥ 0), shared by all steps.
    public var thresholds: [Float]

    /// Rows encoded together by `encode`: bounds its work buffers to 2·4096·atoms floats.
    public static let chunkRows = 4096

    /// The ISTA initialisation for the dictionary D `[atoms, features]` (unit rows expected,
    /// not required): W_e = Dᵀ/L, S = I − D·Dᵀ/L, θ = λ/L for every atom, where
    /// L = `lipschitzConstant(dictionary:)` = λ_max(D·Dᵀ) (1 when D is zero). Untrained,
    /// `encode` then returns K = `depth` ISTA steps from z = 0 with step 1/L:
    /// z_{t+1} = h_{λ/L}(z_t − (z_t·D − y)·Dᵀ/L).
    /// Cost: the power iteration for L plus one atoms×features×atoms product.
    /// - Precondition: dictionary.count = atoms·features, depth ≥ 1, λ finite and ≥ 0.
    public init(dictionary: [Float], atoms: Int, features: Int, lambda: Float, depth: Int, positive: Bool = false) {
        precondition(atoms >= 0 && features >= 0, "LISTAEncoder: negative dimensions")
        precondition(dictionary.count == atoms * features,
                     "LISTAEncoder: dictionary has \(dictionary.count) elements, expected \(atoms)×\(features)")
        precondition(depth >= 1, "LISTAEncoder: depth must be ≥ 1, got \(depth)")
        precondition(lambda.isFinite && lambda >= 0, "LISTAEncoder: lambda must be finite and ≥ 0, got \(lambda)")
        let estimate = lipschitzConstant(dictionary: dictionary, atoms: atoms, features: features)
        let l = estimate > 0 ? Float(estimate) : 1
        var filter = [Float](repeating: 0, count: features * atoms)
        for a in 0..<atoms {
            for f in 0..<features { filter[f * atoms + a] = dictionary[a * features + f] / l }
        }
        var mutual = matmulTransposedB(dictionary, dictionary, m: atoms, k: features, n: atoms)
        for i in mutual.indices { mutual[i] = -mutual[i] / l }
        for a in 0..<atoms { mutual[a * atoms + a] += 1 }
        self.init(filter: filter, mutual: mutual, thresholds: [Float](repeating: lambda / l, count: atoms),
                  atoms: atoms, features: features, depth: depth, positive: positive)
    }

    /// An encoder from saved parameters: W_e `[features, atoms]`, S `[atoms, atoms]`,
    /// θ `[atoms]` (row-major).
    /// - Precondition: the counts match the shapes, depth ≥ 1, every threshold finite and ≥ 0.
    public init(filter: [Float], mutual: [Float], thresholds: [Float], atoms: Int, features: Int,
                depth: Int, positive: Bool) {
        precondition(atoms >= 0 && features >= 0, "LISTAEncoder: negative dimensions")
        precondition(depth >= 1, "LISTAEncoder: depth must be ≥ 1, got \(depth)")
        precondition(filter.count == features * atoms,
                     "LISTAEncoder: filter has \(filter.count) elements, expected \(features)×\(atoms)")
        precondition(mutual.count == atoms * atoms,
                     "LISTAEncoder: mutual has \(mutual.count) elements, expected \(atoms)×\(atoms)")
        precondition(thresholds.count == atoms,
                     "LISTAEncoder: thresholds has \(thresholds.count) elements, expected \(atoms)")
        precondition(thresholds.allSatisfy { $0.isFinite && $0 >= 0 }, "LISTAEncoder: thresholds must be finite and ≥ 0")
        self.atoms = atoms
        self.features = features
        self.depth = depth
        self.positive = positive
        self.filter = filter
        self.mutual = mutual
        self.thresholds = thresholds
    }

    /// An encoder from parameters read from a file, checked rather than trusted: the same
    /// as `init(filter:mutual:thresholds:atoms:features:depth:positive:)`, but every violated
    /// precondition (a count that does not match its shape, depth < 1, a non-finite value, a
    /// negative threshold) throws `SparseCodingError.invalidModel` naming the first one.
    public init(validating filter: [Float], mutual: [Float], thresholds: [Float], atoms: Int, features: Int,
                depth: Int, positive: Bool) throws(SparseCodingError) {
        func invalid(_ detail: String) -> SparseCodingError { .invalidModel(kind: "LISTA encoder", detail: detail) }
        guard atoms >= 1, features >= 1 else { throw invalid("\(atoms) atoms and \(features) features (both must be ≥ 1)") }
        guard depth >= 1 else { throw invalid("depth \(depth) (must be ≥ 1)") }
        guard filter.count == features * atoms, mutual.count == atoms * atoms, thresholds.count == atoms else {
            throw invalid("filter, mutual and thresholds have \(filter.count), \(mutual.count) and \(thresholds.count) values; \(features)x\(atoms), \(atoms)x\(atoms) and \(atoms) expected")
        }
        if let index = thresholds.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            throw invalid("threshold of atom \(index) is \(thresholds[index]) (thresholds must be finite and ≥ 0)")
        }
        for (name, values) in [("filter", filter), ("mutual", mutual)] {
            if let index = values.firstIndex(where: { !$0.isFinite }) {
                throw invalid("\(name) holds \(values[index]) at element \(index) (must be finite in float32)")
            }
        }
        self.init(filter: filter, mutual: mutual, thresholds: thresholds, atoms: atoms, features: features,
                  depth: depth, positive: positive)
    }

    /// The codes Z `[rows, atoms]` = z_K of every row of Y `[rows, features]` (row-major).
    ///
    /// Rows are processed `chunkRows` at a time; each product runs on all processors when
    /// large enough. Cost per row: 2·features·atoms + 2·(K − 1)·atoms² flops, plus O(K·atoms).
    /// Deterministic: a row's code depends only on that row, never on the batch size, the chunk
    /// boundaries or the thread count.
    public func encode(_ data: [Float], rows: Int) -> [Float] {
        precondition(rows >= 0 && data.count == rows * features,
                     "LISTAEncoder.encode: data has \(data.count) elements, expected \(rows)×\(features)")
        var codes = [Float](repeating: 0, count: rows * atoms)
        guard rows > 0, atoms > 0 else { return codes }
        let operands = packedOperands()
        let chunk = min(rows, Self.chunkRows)
        let work = UnsafeMutablePointer<Float>.allocate(capacity: 2 * chunk * atoms)
        defer { work.deallocate() }
        data.withUnsafeBufferPointer { y in
            codes.withUnsafeMutableBufferPointer { z in
                var start = 0
                while start < rows {
                    let count = min(chunk, rows - start)
                    forward(y.baseAddress! + start * features, rows: count, operands,
                            codes: z.baseAddress! + start * atoms,
                            input: work, preActivations: work + chunk * atoms, stride: 0)
                    start += count
                }
            }
        }
        return codes
    }
}

// MARK: - The forward pass shared with the gradient

extension LISTAEncoder {
    /// W_e and S packed once as the right operands of y·W_e and z·S.
    struct PackedOperands {
        let filter: PackedRightOperand
        let mutual: PackedRightOperand
    }

    func packedOperands() -> PackedOperands {
        PackedOperands(
            filter: PackedRightOperand(filter, depth: features, columns: atoms, transposed: false),
            mutual: PackedRightOperand(mutual, depth: atoms, columns: atoms, transposed: false))
    }

    /// Runs the K steps on Y `[rows, features]` at `y`, writing z_K `[rows, atoms]` to `codes`.
    /// b = y·W_e goes to `input` `[rows, atoms]`; c_t goes to `preActivations + (t − 1)·stride`
    /// (`[rows, atoms]` each; stride 0 reuses one buffer, stride rows·atoms keeps every step
    /// for backpropagation, c₁ = b then being copied there too).
    func forward(
        _ y: UnsafePointer<Float>, rows: Int, _ operands: PackedOperands,
        codes: UnsafeMutablePointer<Float>, input: UnsafeMutablePointer<Float>,
        preActivations: UnsafeMutablePointer<Float>, stride: Int
    ) {
        let size = rows * atoms
        multiplyInParallel(rows: rows, y, lda: features, transposedA: false, operands.filter,
                           input, ldc: atoms, accumulate: false)
        if stride > 0 { preActivations.update(from: input, count: size) }
        shrink(input, into: codes, rows: rows)
        guard depth > 1 else { return }
        for t in 2...depth {
            let c = preActivations + (t - 1) * stride
            // c_t = b + z_{t−1}·S, the product accumulated onto a copy of b.
            c.update(from: input, count: size)
            multiplyInParallel(rows: rows, codes, lda: atoms, transposedA: false, operands.mutual,
                               c, ldc: atoms, accumulate: true)
            shrink(c, into: codes, rows: rows)
        }
    }

    /// z = h_θ(c) elementwise, `[rows, atoms]`, θ per column.
    func shrink(_ c: UnsafePointer<Float>, into z: UnsafeMutablePointer<Float>, rows: Int) {
        thresholds.withUnsafeBufferPointer { theta in
            for r in 0..<rows {
                let cr = c + r * atoms, zr = z + r * atoms
                if positive {
                    for a in 0..<atoms { zr[a] = positiveSoftThreshold(cr[a], theta[a]) }
                } else {
                    for a in 0..<atoms { zr[a] = softThreshold(cr[a], theta[a]) }
                }
            }
        }
    }
}
