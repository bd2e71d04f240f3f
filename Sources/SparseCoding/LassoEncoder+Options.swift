// The options of `LassoEncoder.encode`.

extension LassoEncoder {
    /// The proximal gradient method.
    public enum Algorithm: String, Sendable, CaseIterable {
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
        /// A row stops when ‖z_k − z_{k−1}‖₂ ≤ tolerance·‖z_k‖₂ (≥ 0). Default 1e-4.
        public var tolerance: Float
        /// The method. Default `.fista`.
        public var algorithm: Algorithm
        /// Constrain codes to z ≥ 0 (then the penalty is λ·Σz). Default false.
        public var positive: Bool

        public init(
            lambda: Float, maxIterations: Int = 1000, tolerance: Float = 1e-4,
            algorithm: Algorithm = .fista, positive: Bool = false
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
