import Testing
@testable import SparseCoding

@Suite struct WhiteningModelTests {
    static let features = 6, count = 3000

    /// Correlated rows y = mean + A·g with a random mixing A whose columns have very different
    /// scales, so the covariance has a wide spread of eigenvalues.
    static func correlatedData() -> [Float] {
        var random = TestRandom(seed: 900)
        let f = features
        let mixing = (0..<(f * f)).map { i in random.gaussian() * [3.0, 1, 0.5, 0.2, 0.1, 0.05][i % f] }
        var x = [Float]()
        for _ in 0..<count {
            let g = (0..<f).map { _ in random.gaussian() }
            for j in 0..<f {
                var v = 5.0 - Double(j)
                for k in 0..<f { v += mixing[j * f + k] * g[k] }
                x.append(Float(v))
            }
        }
        return x
    }

    static func fit(_ x: [Float], _ method: WhiteningModel.Method, eps: Float) -> WhiteningModel {
        var statistics = CovarianceAccumulator(features: features)
        statistics.add(x, count: count)
        return WhiteningModel(fitting: statistics, method: method, eps: eps)
    }

    /// Population covariance of rows, two-pass in Double.
    static func covariance(_ x: [Float]) -> [Double] {
        CovarianceAccumulatorTests.twoPass(x, count: count, features: features).covariance
    }

    @Test(arguments: WhiteningModel.Method.allCases)
    func tinyRegularisationGivesIdentityCovariance(method: WhiteningModel.Method) {
        let x = Self.correlatedData()
        let model = Self.fit(x, method, eps: 1e-7)
        let whitened = Self.covariance(model.whiten(x, count: Self.count))
        var identity = [Double](repeating: 0, count: Self.features * Self.features)
        for i in 0..<Self.features { identity[i * Self.features + i] = 1 }
        #expect(relativeError(whitened, identity) < 1e-3)
    }

    /// Each eigen-direction's variance λ becomes λ/(λ+ε), ε = eps·trace(C)/features: the
    /// eigenvalues of the whitened covariance (ZCA), or its diagonal in decreasing order (PCA).
    @Test(arguments: WhiteningModel.Method.allCases)
    func regularisationShrinksEachDirection(method: WhiteningModel.Method) {
        let x = Self.correlatedData()
        let f = Self.features
        let eps: Float = 0.1
        let model = Self.fit(x, method, eps: eps)
        let c = Self.covariance(x)
        let lambdas = symmetricEigen(c, n: f).values
        let epsilon = Double(eps) * lambdas.reduce(0, +) / Double(f)
        let expected = lambdas.map { $0 / ($0 + epsilon) }  // decreasing, as λ is

        let whitened = Self.covariance(model.whiten(x, count: Self.count))
        switch method {
        case .zca:
            #expect(relativeError(symmetricEigen(whitened, n: f).values, expected) < 1e-4)
        case .pca:
            var diagonal = [Double](), offDiagonal = 0.0
            for i in 0..<f {
                diagonal.append(whitened[i * f + i])
                for j in 0..<f where j != i { offDiagonal = max(offDiagonal, abs(whitened[i * f + j])) }
            }
            #expect(relativeError(diagonal, expected) < 1e-4)
            #expect(offDiagonal < 1e-4)
        }
    }

    @Test(arguments: WhiteningModel.Method.allCases)
    func matricesAreInversesAndZCAIsSymmetric(method: WhiteningModel.Method) {
        let model = Self.fit(Self.correlatedData(), method, eps: 1e-2)
        let f = Self.features
        let product = naiveProduct(m: f, k: f, n: f, { Double(model.matrix[$0 * f + $1]) },
                                   { Double(model.inverse[$0 * f + $1]) })
        var identity = [Double](repeating: 0, count: f * f)
        for i in 0..<f { identity[i * f + i] = 1 }
        #expect(relativeError(product, identity) < 1e-5)
        if method == .zca {
            for i in 0..<f {
                for j in 0..<f {
                    #expect(model.matrix[i * f + j] == model.matrix[j * f + i])
                    #expect(model.inverse[i * f + j] == model.inverse[j * f + i])
                }
            }
        }
    }

    @Test(arguments: WhiteningModel.Method.allCases)
    func unwhitenUndoesWhiten(method: WhiteningModel.Method) {
        let x = Self.correlatedData()
        let model = Self.fit(x, method, eps: 1e-2)
        let restored = model.unwhiten(model.whiten(x, count: Self.count), count: Self.count)
        #expect(relativeError(restored.map(Double.init), x.map(Double.init)) < 1e-4)
    }

    /// The saved fields rebuild the same model; the mean is the data's mean.
    @Test func fieldsRoundTrip() {
        let x = Self.correlatedData()
        let model = Self.fit(x, .pca, eps: 1e-2)
        let rebuilt = WhiteningModel(method: model.method, mean: model.mean, matrix: model.matrix,
                                     inverse: model.inverse, eps: model.eps)
        #expect(rebuilt == model)
        #expect(rebuilt.features == Self.features)
        let mean = CovarianceAccumulatorTests.twoPass(x, count: Self.count, features: Self.features).mean
        #expect(relativeError(model.mean.map(Double.init), mean) < 1e-6)
        #expect(rebuilt.whiten(x, count: Self.count) == model.whiten(x, count: Self.count))
    }

    /// Constant data (zero covariance) still gives a finite transform.
    @Test func constantDataStaysFinite() {
        var statistics = CovarianceAccumulator(features: 3)
        statistics.add([1, 2, 3, 1, 2, 3], count: 2)
        let model = WhiteningModel(fitting: statistics)
        #expect(model.matrix.allSatisfy { $0.isFinite } && model.inverse.allSatisfy { $0.isFinite })
        #expect(model.whiten([1, 2, 3], count: 1) == [0, 0, 0])
    }
}
