// The options of `LassoEncoder.encode`.

extension LassoEncoder {
    /// The solver.
    public enum Algorithm: String, Sendable, CaseIterable {
        /// `.lars` when the encoder holds the Gram matrix (atoms ≤ `LassoEncoder.gramAtomLimit`),
        /// else `.fista`.
        case auto
        /// The lasso homotopy (LARS-lasso) with the Gram matrix G = D·Dᵀ and an updated inverse
        /// of G on the active set, followed from z = 0 down to λ; then one pass checks that no
        /// inactive atom has |d_j·(y − z·D)| > λ·(1 + max(tolerance, 1e-5)). Rows that fail the
        /// check or whose path stopped short (G_AA numerically singular) are finished by
        /// coordinate descent with support solves. O(atoms·|A| + |A|²) per step, about one step
        /// per non-zero; exact up to rounding. `iterations` counts path steps plus passes.
        case lars
        /// Accelerated proximal gradient (Beck & Teboulle 2009) with O'Donoghue & Candès (2015)
        /// gradient-based adaptive restart, per row.
        case fista
        /// Plain proximal gradient (iterative soft thresholding).
        case ista
    }

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
    }
}
