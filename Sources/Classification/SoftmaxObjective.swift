#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SparseCoding

/// The penalised multinomial log-loss of a linear classifier, scikit-learn's
/// `LogisticRegression(C=..., multi_class="multinomial")`:
///
///     f(W, b) = Σᵢ −log softmax(xᵢ·W + b)[yᵢ] + 1/(2C)·‖W‖²
///
/// over the rows xᵢ `[columns]` with classes yᵢ; W is `[columns, classes]`, b `[classes]` (not
/// penalised). The parameters travel as one vector: W row-major, then b. The products X·W and
/// Xᵀ·(P − Y) are the engine's single-precision `matmul` kernels; the rest is in Double.
public struct SoftmaxObjective: Sendable {
    public let data: LabelledRows
    /// C: the inverse penalty weight (> 0).
    public let inverseRegularization: Double

    public init(data: LabelledRows, inverseRegularization: Double) {
        precondition(inverseRegularization > 0, "SoftmaxObjective: C must be positive")
        self.data = data
        self.inverseRegularization = inverseRegularization
    }

    /// Parameters: columns·classes weights, then classes intercepts.
    public var parameterCount: Int { (data.columns + 1) * data.classCount }

    /// f and ∇f at `parameters` (layout as above).
    public func valueAndGradient(_ parameters: [Double]) -> (value: Double, gradient: [Double]) {
        let (n, d, k) = (data.rows, data.columns, data.classCount)
        let weights = parameters[0 ..< d * k].map { Float($0) }
        let logits = matmul(data.features, weights, m: n, k: d, n: k)
        var residuals = [Float](repeating: 0, count: n * k)
        var loss = 0.0
        var interceptGradient = [Double](repeating: 0, count: k)
        var row = [Double](repeating: 0, count: k)
        for i in 0..<n {
            var largest = -Double.infinity
            for c in 0..<k {
                row[c] = Double(logits[i * k + c]) + parameters[d * k + c]
                largest = max(largest, row[c])
            }
            var total = 0.0
            for c in 0..<k { total += exp(row[c] - largest) }
            let logTotal = largest + log(total)
            let truth = data.classes[i]
            loss += logTotal - row[truth]
            for c in 0..<k {
                let residual = exp(row[c] - logTotal) - (c == truth ? 1 : 0)
                residuals[i * k + c] = Float(residual)
                interceptGradient[c] += residual
            }
        }
        let weightGradient = matmulTransposedA(data.features, residuals, m: d, k: n, n: k)
        var gradient = [Double](repeating: 0, count: parameterCount)
        var penalty = 0.0
        for j in 0..<(d * k) {
            penalty += parameters[j] * parameters[j]
            gradient[j] = Double(weightGradient[j]) + parameters[j] / inverseRegularization
        }
        for c in 0..<k { gradient[d * k + c] = interceptGradient[c] }
        return (loss + penalty / (2 * inverseRegularization), gradient)
    }
}
