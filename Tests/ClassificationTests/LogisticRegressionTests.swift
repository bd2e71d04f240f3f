import Foundation
import Testing
import TensorCore
@testable import Classification

/// The penalised multinomial log-loss and its minimiser, against independent Double
/// computations: finite differences, a closed-form two-class case, a planted linear rule.
struct LogisticRegressionTests {
    /// Gaussian rows `[rows, columns]` and classes in turn, seeded.
    static func randomRows(rows: Int, columns: Int, classes: Int, seed: UInt64) -> LabelledRows {
        var generator = SeededGenerator(seed: seed)
        let features = (0..<rows * columns).map { _ in Float(generator.gaussian()) }
        let labels = (0..<rows).map { $0 % classes }
        return LabelledRows(features: features, rows: rows, columns: columns, classes: labels, classCount: classes)
    }

    /// The objective written out in Double: Σᵢ −log softmax(xᵢW + b)[yᵢ] + ‖W‖²/(2C).
    static func referenceObjective(_ data: LabelledRows, _ theta: [Double], c: Double) -> Double {
        let (d, k) = (data.columns, data.classCount)
        var total = 0.0
        for i in 0..<data.rows {
            let scores = (0..<k).map { cls in
                (0..<d).reduce(theta[d * k + cls]) { $0 + Double(data.features[i * d + $1]) * theta[$1 * k + cls] }
            }
            let top = scores.max()!
            total += top + log(scores.reduce(0) { $0 + exp($1 - top) }) - scores[data.classes[i]]
        }
        return total + theta[0 ..< d * k].reduce(0) { $0 + $1 * $1 } / (2 * c)
    }

    @Test func gradientMatchesFiniteDifferencesOfAnIndependentObjective() {
        let data = Self.randomRows(rows: 40, columns: 4, classes: 3, seed: 3)
        let c = 0.7
        var generator = SeededGenerator(seed: 9)
        let objective = SoftmaxObjective(data: data, inverseRegularization: c)
        let theta = (0..<objective.parameterCount).map { _ in 0.5 * generator.gaussian() }
        let (value, gradient) = objective.valueAndGradient(theta)
        let reference = Self.referenceObjective(data, theta, c: c)
        #expect(abs(value - reference) <= 1e-5 * abs(reference))
        let h = 1e-5
        for j in theta.indices {
            var plus = theta, minus = theta
            plus[j] += h
            minus[j] -= h
            let numeric = (Self.referenceObjective(data, plus, c: c) - Self.referenceObjective(data, minus, c: c)) / (2 * h)
            #expect(abs(gradient[j] - numeric) <= 1e-4 * max(1, abs(numeric)), "parameter \(j): \(gradient[j]) against \(numeric)")
        }
    }

    /// Two classes on one feature: with W's columns ±v/2 (the penalty's choice for a given
    /// difference) and the intercepts' difference β, the optimum solves
    /// Σ(σ(v·xᵢ + β) − yᵢ) = 0 and Σ(σ(v·xᵢ + β) − yᵢ)·xᵢ + v/(2C) = 0, found here by nested bisection.
    @Test func twoClassOptimumMatchesTheStationarityConditions() {
        let xs: [Double] = [-2, -1.5, -1, -0.3, 0.2, 0.4, -0.1, 0.8, 1.1, 2.5]
        let ys: [Int] = [0, 0, 0, 1, 0, 1, 0, 1, 1, 1]
        let c = 0.5
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        func bestIntercept(_ v: Double) -> Double {
            var (low, high) = (-50.0, 50.0)
            for _ in 0..<200 {
                let mid = (low + high) / 2
                let residual = zip(xs, ys).reduce(0) { $0 + sigmoid(v * $1.0 + mid) - Double($1.1) }
                if residual > 0 { high = mid } else { low = mid }
            }
            return (low + high) / 2
        }
        var (low, high) = (-50.0, 50.0)
        for _ in 0..<200 {
            let v = (low + high) / 2, beta = bestIntercept(v)
            let slope = zip(xs, ys).reduce(0) { $0 + (sigmoid(v * $1.0 + beta) - Double($1.1)) * $1.0 } + v / (2 * c)
            if slope > 0 { high = v } else { low = v }
        }
        let v = (low + high) / 2, beta = bestIntercept(v)

        let data = LabelledRows(features: xs.map { Float($0) }, rows: xs.count, columns: 1, classes: ys, classCount: 2)
        let model = MultinomialLogisticRegression(fittedOn: data, inverseRegularization: c, relativeTolerance: 1e-7)
        let fittedV = Double(model.weights[1] - model.weights[0]), fittedBeta = Double(model.intercepts[1] - model.intercepts[0])
        #expect(abs(fittedV - v) <= 1e-4 * max(1, abs(v)), "v \(fittedV) against \(v)")
        #expect(abs(fittedBeta - beta) <= 1e-4 * max(1, abs(beta)), "beta \(fittedBeta) against \(beta)")
        #expect(abs(Double(model.weights[0] + model.weights[1])) <= 1e-5, "the penalty splits the difference evenly")
    }

    /// Rows labelled by argmax of x·W* (a margin kept clear): a weakly penalised fit classifies
    /// every training row and every fresh row of the same rule.
    @Test func plantedLinearRuleIsRecoveredExactly() {
        let (d, k) = (6, 4)
        var generator = SeededGenerator(seed: 21)
        let planted = (0..<d * k).map { _ in generator.gaussian() }
        func draw(_ count: Int) -> LabelledRows {
            var features: [Float] = [], classes: [Int] = []
            while classes.count < count {
                let x = (0..<d).map { _ in generator.gaussian() }
                let scores = (0..<k).map { cls in (0..<d).reduce(0.0) { $0 + x[$1] * planted[$1 * k + cls] } }
                let sorted = scores.sorted()
                guard sorted[k - 1] - sorted[k - 2] > 0.5 else { continue }
                features += x.map { Float($0) }
                classes.append(scores.firstIndex(of: sorted[k - 1])!)
            }
            return LabelledRows(features: features, rows: count, columns: d, classes: classes, classCount: k)
        }
        let train = draw(400), test = draw(400)
        let model = MultinomialLogisticRegression(fittedOn: train, inverseRegularization: 1e4)
        #expect(model.predict(train.features) == train.classes)
        #expect(model.predict(test.features) == test.classes)
    }

    /// A fit cut off after two iterations is far from the optimum and says so; a full fit is
    /// not, and its gradient meets the tolerance of 1e-6 per row.
    @Test func aFitCutShortSaysItStoppedFarFromTheOptimum() {
        let data = Self.randomRows(rows: 200, columns: 6, classes: 3, seed: 12)
        let cut = MultinomialLogisticRegression(fittedOn: data, inverseRegularization: 10, maxIterations: 2)
        #expect(!cut.fit.converged && cut.stoppedFarFromTheOptimum)
        let full = MultinomialLogisticRegression(fittedOn: data, inverseRegularization: 10)
        #expect(!full.stoppedFarFromTheOptimum)
        #expect(full.gradientTolerance == 1e-6 * 200)
        #expect(full.fit.gradientNorm <= 10 * full.gradientTolerance)
    }

    @Test func lbfgsFindsTheMinimumOfAQuadratic() {
        // f(x) = ½ Σ aⱼ (xⱼ − cⱼ)², minimum at c.
        let a: [Double] = [1, 10, 100, 0.5], centre: [Double] = [3, -2, 0.25, 7]
        let result = LBFGS(options: .init(gradientTolerance: 1e-10)).minimize(from: [0, 0, 0, 0]) { x in
            var value = 0.0
            for j in x.indices { value += 0.5 * a[j] * (x[j] - centre[j]) * (x[j] - centre[j]) }
            return (value, x.indices.map { a[$0] * (x[$0] - centre[$0]) })
        }
        #expect(result.converged)
        for j in centre.indices { #expect(abs(result.minimizer[j] - centre[j]) <= 1e-9) }
    }
}
