// The options of `LassoEncoder.encode`.

extension LassoEncoder {
    /// The solver.
    public enum Algorithm: String, Sendable, CaseIterable {
        /// `.lars` when the encoder holds the Gram matrix (atoms ≤ `LassoEncoder.gramAtomLimit`),
        /// else `.fista`. The other choices are always run as asked (`.lars` and `.cd` up to
        /// `LassoEncoder.explicitGramAtomLimit` atoms, refused past it).
        case auto
        /// The lasso homotopy (LARS-lasso) with the Gram matrix G = D·Dᵀ and an updated inverse
        /// of G on the active set, followed from z = 0 down to λ; then one pass checks that no
        /// inactive atom has |d_j·(y − z·D)| > λ·(1 + max(tolerance, 1e-5)). Rows that fail the
        /// check or whose path stopped short (G_AA numerically singular) are finished by
        /// coordinate descent with support solves. O(atoms·|A| + |A|²) per step, about one step
        /// per non-zero; exact up to rounding. `iterations` counts path steps plus passes.
        case lars
        /// Coordinate descent with the Gram matrix and an active set (glmnet; SPAMS `cd`), per
        /// row from z = 0: greedy coordinate moves (largest move first, so atoms join in order
        /// of importance), then cyclic passes over all atoms, passes over the support until z
        /// settles, and, when the tolerance is below 1e-2, a jump to the exact minimiser on the
        /// support and its signs (or towards it up to the first sign change: feature-sign
        /// search). A row stops when a pass over
        /// all atoms changes z by ‖Δz‖₂ ≤ tolerance·‖z‖₂; the rows that stop early are
        /// approximate (`recommendedCoordinateDescentTolerance`, 1e-2, gives a mean relative objective gap of
        /// ~4e-6 on whitened patches with a learned dictionary, 5e-2 ~6e-4). O(atoms) per coordinate that moves in a pass over all
        /// atoms, O(|support|) in a pass over the support.
        case cd
        /// Accelerated proximal gradient (Beck & Teboulle 2009) with O'Donoghue & Candès (2015)
        /// gradient-based adaptive restart, per row.
        case fista
        /// Plain proximal gradient (iterative soft thresholding).
        case ista
    }

    /// The tolerance `sparse-encode` uses for `.cd` when none is given: mean relative
    /// objective gap ~4e-5 (coherent DCT dictionary) to ~4e-6 (learned) on whitened 8×8 patches
    /// at λ = 1, the fastest setting well below a gap of 1e-3.
    public static let recommendedCoordinateDescentTolerance: Float = 1e-2

    /// Options of the lasso encoder; the objective per row is ½‖y − z·D‖² + λ‖z‖₁.
    public struct Options: Sendable, Equatable {
        /// λ ≥ 0, the weight of ‖z‖₁ (SPAMS `lambda1`, scikit-learn `alpha`).
        public var lambda: Float
        /// The most iterations any row may take (≥ 1). Default 1000.
        public var maxIterations: Int
        /// A row stops when ‖z_k − z_{k−1}‖₂ ≤ tolerance·‖z_k‖₂ (≥ 0). Default 1e-4. `.lars`
        /// needs no stopping rule on its path; see `Algorithm.lars` for its check.
        public var tolerance: Float
        /// The solver. Default `.auto`.
        public var algorithm: Algorithm
        /// Constrain codes to z ≥ 0 (then the penalty is λ·Σz). Default false.
        public var positive: Bool

        public init(
            lambda: Float, maxIterations: Int = 1000, tolerance: Float = 1e-4,
            algorithm: Algorithm = .auto, positive: Bool = false
        ) {
            self.lambda = lambda
            self.maxIterations = maxIterations
            self.tolerance = tolerance
            self.algorithm = algorithm
            self.positive = positive
        }

        /// Throws `SparseCodingError.invalidOption` naming the first option out of its domain.
        public func validate() throws(SparseCodingError) {
            guard lambda.isFinite, lambda >= 0 else {
                throw .invalidOption(name: "lambda", reason: "must be finite and ≥ 0, got \(lambda)")
            }
            guard maxIterations >= 1 else {
                throw .invalidOption(name: "max-iter", reason: "must be ≥ 1, got \(maxIterations)")
            }
            guard tolerance.isFinite, tolerance >= 0 else {
                throw .invalidOption(name: "tol", reason: "must be finite and ≥ 0, got \(tolerance)")
            }
        }

        /// `validate()`, and that the solver can run with a dictionary of `atoms` atoms: `.lars`
        /// and `.cd` need the atoms x atoms Gram matrix, so they are refused past
        /// `LassoEncoder.explicitGramAtomLimit` atoms (`.auto` then chooses `.fista`).
        public func validate(atoms: Int) throws(SparseCodingError) {
            try validate()
            if algorithm == .lars || algorithm == .cd, atoms > LassoEncoder.explicitGramAtomLimit {
                throw .invalidOption(name: "algorithm", reason: "\(algorithm.rawValue) needs the \(atoms)x\(atoms) Gram matrix, and runs up to \(LassoEncoder.explicitGramAtomLimit) atoms; use auto or fista")
            }
        }
    }
}
