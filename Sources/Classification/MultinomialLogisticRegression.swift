import SparseCoding

/// A linear classifier over K classes, softmax(x·W + b), fitted by minimising the penalised
/// multinomial log-loss (`SoftmaxObjective`) with L-BFGS — scikit-learn's
/// `LogisticRegression(C=C, multi_class="multinomial", solver="lbfgs")`.
public struct MultinomialLogisticRegression: Sendable {
    /// Row-major `[columns, classes]`.
    public let weights: [Float]
    /// `[classes]`.
    public let intercepts: [Float]
    public let columns: Int
    public let classCount: Int
    /// The solver's run: iterations, final gradient, whether it met the tolerance.
    public let fit: LBFGS.Result
    /// The largest gradient component the solver aimed for (`relativeTolerance`·rows).
    public let gradientTolerance: Double

    /// Whether the solver stopped with its largest gradient component more than ten times the
    /// tolerance. Short of that it has reached what single-precision products of the features
    /// allow: the line search stops improving f near the tolerance at large C, where the
    /// optimum is flat.
    public var stoppedFarFromTheOptimum: Bool { !fit.converged && fit.gradientNorm > 10 * gradientTolerance }

    /// Fits on `data` (at least two classes present) with inverse penalty `inverseRegularization` (C > 0).
    /// The gradient tolerance is `relativeTolerance` per row (f sums over rows; scikit-learn's
    /// `tol` on its mean loss, as `tools/bench/probe.py` sets it, is the same). The solver starts
    /// from `start` (another fit on the same shapes: a warm start along a grid of C) or from 0.
    public init(fittedOn data: LabelledRows, inverseRegularization: Double, relativeTolerance: Double = 1e-6, maxIterations: Int = 2000,
                start: MultinomialLogisticRegression? = nil) {
        let objective = SoftmaxObjective(data: data, inverseRegularization: inverseRegularization)
        gradientTolerance = relativeTolerance * Double(max(data.rows, 1))
        let solver = LBFGS(options: .init(gradientTolerance: gradientTolerance, maxIterations: maxIterations))
        let origin = start.map { $0.fit.minimizer } ?? [Double](repeating: 0, count: objective.parameterCount)
        precondition(origin.count == objective.parameterCount, "MultinomialLogisticRegression: the start has other shapes")
        let result = solver.minimize(from: origin, objective.valueAndGradient)
        let (d, k) = (data.columns, data.classCount)
        weights = result.minimizer[0 ..< d * k].map { Float($0) }
        intercepts = result.minimizer[(d * k)...].map { Float($0) }
        columns = d
        classCount = k
        fit = result
    }

    /// Class scores x·W + b of row-major `[rows, columns]` features: `[rows, classes]`.
    public func scores(_ features: [Float]) -> [Float] {
        let rows = features.count / max(columns, 1)
        var scores = matmul(features, weights, m: rows, k: columns, n: classCount)
        for i in 0..<rows { for c in 0..<classCount { scores[i * classCount + c] += intercepts[c] } }
        return scores
    }

    /// The most probable class of each row (the first on a tie).
    public func predict(_ features: [Float]) -> [Int] {
        let scores = scores(features)
        return stride(from: 0, to: scores.count, by: classCount).map { start in
            var best = 0
            for c in 1..<classCount where scores[start + c] > scores[start + best] { best = c }
            return best
        }
    }
}
