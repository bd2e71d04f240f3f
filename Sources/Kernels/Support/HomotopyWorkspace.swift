// The work buffers of the row solvers (HomotopyRow.swift, CoordinateDescentRow.swift in
// Kernels/Shared): made by the engine once per tile, filled by whichever kernel path runs.

/// Work buffers of the homotopy for one tile (one row at a time); `capacity` bounds |A|.
public struct HomotopyWorkspace {
    public let capacity: Int
    /// G_AA⁻¹, `[capacity, capacity]` row-major (Double); `solveOnSupport` keeps its Cholesky
    /// factor here.
    public let inverse: UnsafeMutablePointer<Double>
    /// Coefficients z_A, signs s_A, direction w, bordering scratch u and b, each `[capacity]`.
    public let beta: UnsafeMutablePointer<Double>
    public let signs: UnsafeMutablePointer<Double>
    public let direction: UnsafeMutablePointer<Double>
    public let temporary: UnsafeMutablePointer<Double>
    public let bordering: UnsafeMutablePointer<Double>
    /// The support of `solveOnSupport`, `[capacity]`.
    public let indices: UnsafeMutablePointer<Int32>
    /// w in single precision `[capacity]`.
    public let weights: UnsafeMutablePointer<Float>
    /// G restricted to a support S, `[capacity, capacity]` row-major, and r on S `[capacity]`
    /// (the active passes of `coordinateDescentRow`).
    public let supportGram: UnsafeMutablePointer<Float>
    public let supportCorrelations: UnsafeMutablePointer<Float>
    /// The rate a = G_{:,A}·w `[atoms]`.
    public let rate: UnsafeMutablePointer<Float>
    /// +∞ for the atoms that may not join (active, or just left), else 0; `[atoms]`.
    public let blocked: UnsafeMutablePointer<Float>

    public init(atoms: Int, features: Int) {
        capacity = max(1, min(atoms, features))
        inverse = .allocate(capacity: capacity * capacity)
        beta = .allocate(capacity: capacity)
        signs = .allocate(capacity: capacity)
        direction = .allocate(capacity: capacity)
        temporary = .allocate(capacity: capacity)
        bordering = .allocate(capacity: capacity)
        indices = .allocate(capacity: capacity)
        weights = .allocate(capacity: capacity)
        rate = .allocate(capacity: atoms)
        supportGram = .allocate(capacity: capacity * capacity)
        supportCorrelations = .allocate(capacity: capacity)
        blocked = .allocate(capacity: atoms)
        blocked.initialize(repeating: 0, count: atoms)
    }

    public func deallocate() {
        inverse.deallocate(); beta.deallocate(); signs.deallocate(); direction.deallocate()
        temporary.deallocate(); bordering.deallocate(); indices.deallocate(); weights.deallocate(); rate.deallocate(); blocked.deallocate()
        supportGram.deallocate(); supportCorrelations.deallocate()
    }
}
