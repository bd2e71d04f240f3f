// A fitted whitening transform: its fields (saved and loaded as tensors) and its fit.

/// An affine map that decorrelates rows and gives them (nearly) unit variance:
/// w = W·(y − mean), with inverse y = M·w + mean, M = W⁻¹.
///
/// Fit from the covariance C = U Λ Uᵀ (eigenvalues λᵢ, orthonormal eigenvectors uᵢ) with each
/// eigenvalue regularised by ε = eps · trace(C)/features, i.e. `eps` is relative to the mean
/// eigenvalue (the mean variance):
/// - ZCA: W = U (Λ+ε)^{-1/2} Uᵀ, M = U (Λ+ε)^{1/2} Uᵀ (both symmetric; whitened rows stay
///   in the input's coordinates, e.g. still look like image patches).
/// - PCA: W = (Λ+ε)^{-1/2} Uᵀ, M = U (Λ+ε)^{1/2}; output i is the i-th principal component
///   scaled, ordered by decreasing variance; all features are kept.
///
/// The whitened covariance is W C Wᵀ, with eigenvalues λᵢ/(λᵢ+ε) (≈ 1 where λᵢ ≫ ε).
///
/// Orientation: `matrix` is W `[features (whitened), features (input)]` and `inverse` is
/// M `[features (input), features (whitened)]`, both row-major and both acting on column
/// vectors; on row-major data `[count, features]` they apply as rows·Wᵀ and rows·Mᵀ.
public struct WhiteningModel: Sendable, Equatable {
    /// The kind of whitening.
    public enum Method: String, Sendable, CaseIterable {
        /// Zero-phase (Mahalanobis) whitening, W = U (Λ+ε)^{-1/2} Uᵀ.
        case zca
        /// Principal-component whitening, W = (Λ+ε)^{-1/2} Uᵀ.
        case pca
    }

    /// ZCA or PCA.
    public let method: Method
    /// The number of features of the input and of the whitened rows.
    public let features: Int
    /// The mean `[features]` subtracted before whitening.
    public let mean: [Float]
    /// W `[features, features]`: whitened = (y − mean)·Wᵀ.
    public let matrix: [Float]
    /// M = W⁻¹ `[features, features]`: y = whitened·Mᵀ + mean.
    public let inverse: [Float]
    /// The regulariser relative to the mean eigenvalue (ε = eps · trace(C)/features).
    public let eps: Float

    /// A model from saved fields (shapes as documented on the properties).
    public init(method: Method, mean: [Float], matrix: [Float], inverse: [Float], eps: Float) {
        let features = mean.count
        precondition(matrix.count == features * features,
                     "WhiteningModel: matrix has \(matrix.count) elements, expected \(features)×\(features)")
        precondition(inverse.count == features * features,
                     "WhiteningModel: inverse has \(inverse.count) elements, expected \(features)×\(features)")
        self.method = method
        self.features = features
        self.mean = mean
        self.matrix = matrix
        self.inverse = inverse
        self.eps = eps
    }

    /// Fits the model to the mean and (population) covariance gathered by `statistics`.
    /// - Parameter eps: the regulariser relative to the mean eigenvalue (> 0); default 1e-2.
    public init(fitting statistics: CovarianceAccumulator, method: Method = .zca, eps: Float = 1e-2) {
        self.init(mean: statistics.mean, covariance: statistics.covariance,
                  features: statistics.features, method: method, eps: eps)
    }

    /// Fits the model to a mean `[features]` and a symmetric covariance `[features, features]`.
    ///
    /// ε = eps · trace(C)/features; when the trace is 0 (constant data) ε = eps, so that the
    /// transform stays finite. Negative eigenvalues from rounding are treated as 0.
    /// Cost O(features³) in Double.
    public init(mean: [Double], covariance: [Double], features: Int, method: Method = .zca, eps: Float = 1e-2) {
        precondition(mean.count == features, "WhiteningModel: mean has \(mean.count) elements, expected \(features)")
        precondition(covariance.count == features * features,
                     "WhiteningModel: covariance has \(covariance.count) elements, expected \(features)×\(features)")
        precondition(eps.isFinite && eps > 0, "WhiteningModel: eps must be finite and > 0, got \(eps)")
        let n = features
        let (values, vectors) = symmetricEigen(covariance, n: n)
        var trace = 0.0
        for i in 0..<n { trace += covariance[i * n + i] }
        let epsilon = trace > 0 ? Double(eps) * trace / Double(max(n, 1)) : Double(eps)
        // Row i of `vectors` is uᵢ; scale uᵢ by (λᵢ+ε)^{∓1/2}.
        let shrink = values.map { 1 / (max($0, 0) + epsilon).squareRoot() }
        let grow = values.map { (max($0, 0) + epsilon).squareRoot() }

        var w = [Double](repeating: 0, count: n * n)
        var m = [Double](repeating: 0, count: n * n)
        switch method {
        case .pca:
            // W row i = uᵢᵀ/√(λᵢ+ε);  M column i = uᵢ·√(λᵢ+ε).
            for i in 0..<n {
                for k in 0..<n {
                    w[i * n + k] = vectors[i * n + k] * shrink[i]
                    m[k * n + i] = vectors[i * n + k] * grow[i]
                }
            }
        case .zca:
            // Σᵢ uᵢ sᵢ uᵢᵀ, accumulated one eigenvector at a time (upper triangle, mirrored).
            for i in 0..<n {
                let u = i * n
                for a in 0..<n {
                    let ua = vectors[u + a]
                    if ua == 0 { continue }
                    let ws = ua * shrink[i], ms = ua * grow[i]
                    for b in a..<n {
                        w[a * n + b] += ws * vectors[u + b]
                        m[a * n + b] += ms * vectors[u + b]
                    }
                }
            }
            for a in 0..<n {
                for b in 0..<a {
                    w[a * n + b] = w[b * n + a]
                    m[a * n + b] = m[b * n + a]
                }
            }
        }
        self.init(method: method, mean: mean.map(Float.init), matrix: w.map(Float.init),
                  inverse: m.map(Float.init), eps: eps)
    }
}
