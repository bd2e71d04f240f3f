// The options of `OMPEncoder.encode`: when a row's greedy selection stops.

extension OMPEncoder {
    /// When each row stops adding atoms: after `atomsPerRow` atoms, or once its squared
    /// residual ‖y − z·D‖² is at most `errorTarget`, whichever comes first (at least one is
    /// given). scikit-learn's `n_nonzero_coefs` and `tol`, SPAMS' `L` and `eps`.
    public struct Options: Sendable, Equatable {
        /// K, the most atoms a row may use (1 ≤ K ≤ min(atoms, features)); nil: up to
        /// min(atoms, features), the error target alone decides.
        public var atomsPerRow: Int?
        /// E ≥ 0: a row stops once ‖y − z·D‖² ≤ E (K-SVD denoising uses E = features·(Cσ)²,
        /// C ≈ 1.15); nil: every row takes K atoms (fewer only if its residual vanishes or the
        /// next atom is a combination of those chosen).
        public var errorTarget: Double?
        /// Which atom each step adds.
        public var rule: Rule

        public init(atomsPerRow: Int? = nil, errorTarget: Double? = nil, rule: Rule = .orthogonal) {
            self.atomsPerRow = atomsPerRow
            self.errorTarget = errorTarget
            self.rule = rule
        }

        /// The greedy choice of each step; both refit all chosen atoms by least squares. The
        /// raw values are the rules' usual short names (`sparse-encode --algorithm`).
        public enum Rule: String, Sendable, Equatable, CaseIterable {
            /// OMP: the atom most correlated with the residual, argmax |d_j·r| (scikit-learn's
            /// `sparse_encode(algorithm='omp')` and `OrthogonalMatchingPursuit`).
            case orthogonal = "omp"
            /// ORMP (order-recursive matching pursuit, also called optimised OMP or orthogonal
            /// least squares): the atom whose addition lowers ‖r‖² the most,
            /// argmax (d_j·r)² / ‖d_j off the chosen span‖²; SPAMS' `omp` is this rule. Equal
            /// to OMP's choice when the atoms are orthogonal.
            case orderRecursive = "ormp"
        }

        /// Throws `SparseCodingError.invalidOption` naming the first option out of its domain
        /// for a dictionary of `atoms` atoms (at most `OMPEncoder.atomLimit`) of `features` features.
        public func validate(atoms: Int, features: Int) throws(SparseCodingError) {
            guard atoms <= OMPEncoder.atomLimit else {
                throw .invalidOption(name: "algorithm", reason: "omp holds the \(atoms)x\(atoms) Gram matrix in Double and in Float, and runs up to \(OMPEncoder.atomLimit) atoms; use a lasso solver (auto or fista)")
            }
            guard atomsPerRow != nil || errorTarget != nil else {
                throw .invalidOption(name: "atoms-per-row", reason: "give the atoms per row, the error target, or both")
            }
            if let k = atomsPerRow {
                guard k >= 1 else { throw .invalidOption(name: "atoms-per-row", reason: "must be ≥ 1, got \(k)") }
                guard k <= features else {
                    throw .invalidOption(name: "atoms-per-row", reason: "\(k) is more than the \(features) features (more atoms than features cannot be independent)")
                }
                guard k <= atoms else { throw .invalidOption(name: "atoms-per-row", reason: "\(k) is more than the dictionary's \(atoms) atoms") }
            }
            if let e = errorTarget {
                guard e.isFinite, e >= 0 else { throw .invalidOption(name: "error", reason: "must be finite and ≥ 0, got \(e)") }
            }
        }

        /// The most atoms a row takes with a dictionary of `atoms` atoms of `features` features.
        func mostAtoms(atoms: Int, features: Int) -> Int {
            atomsPerRow ?? min(atoms, features)
        }
    }
}
