// The options of `DictionaryLearner`.

extension DictionaryLearner {
    /// Options of online dictionary learning; the objective per row is ½‖y − z·D‖² + λ‖z‖₁
    /// over unit-norm atoms.
    public struct Options: Sendable, Equatable {
        /// λ ≥ 0, the weight of ‖z‖₁ (SPAMS `lambda1`, scikit-learn `alpha`).
        public var lambda: Float
        /// The solver of each minibatch's codes. Default `.auto` (LARS: exact codes, and on
        /// whitened patches the fastest).
        public var algorithm: LassoEncoder.Algorithm
        /// The solver's tolerance (not used by `.lars` on its path). Default 1e-4.
        public var tolerance: Float
        /// The solver's iteration limit per row. Default 1000.
        public var maxIterations: Int
        /// Constrain codes to z ≥ 0. Default false.
        public var positive: Bool
        /// Constrain atoms to d ≥ 0 (clip, then renormalise; SPAMS `posD`). Default false.
        public var positiveAtoms: Bool

        public init(
            lambda: Float, algorithm: LassoEncoder.Algorithm = .auto, tolerance: Float = 1e-4,
            maxIterations: Int = 1000, positive: Bool = false, positiveAtoms: Bool = false
        ) {
            self.lambda = lambda
            self.algorithm = algorithm
            self.tolerance = tolerance
            self.maxIterations = maxIterations
            self.positive = positive
            self.positiveAtoms = positiveAtoms
        }

        /// The options of the minibatch encoder.
        var encoding: LassoEncoder.Options {
            LassoEncoder.Options(
                lambda: lambda, maxIterations: maxIterations, tolerance: tolerance,
                algorithm: algorithm, positive: positive)
        }

        /// Throws `SparseCodingError.invalidOption` naming the first option out of its domain.
        public func validate() throws(SparseCodingError) {
            try encoding.validate()
        }

        /// `validate()`, and that the solver can run with `atoms` atoms
        /// (`LassoEncoder.Options.validate(atoms:)`).
        public func validate(atoms: Int) throws(SparseCodingError) {
            try encoding.validate(atoms: atoms)
        }
    }

    /// What one minibatch step did.
    public struct StepReport: Sendable {
        /// The mean over the minibatch of ½‖y − z·D‖² + λ‖z‖₁ with the dictionary before the
        /// step (the codes the step learned from).
        public var meanObjective: Double
        /// The mean number of non-zero codes per row.
        public var meanNonZeros: Double
        /// Atoms re-initialised from the data because no row had used them.
        public var reinitialisedAtoms: Int
    }
}
