import Testing
import NeuralNetworks
import TensorCore
@testable import ContrastiveLearning

/// ContrastiveNetwork.lossAndGradient against central finite differences of the independent
/// Double network and loss (ReferenceContrastiveNetwork), every element of every parameter.
@Suite struct GradientCheckTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let hidden: [Int]
        let temperature: Float
        /// Negative keys; nil: no keys at all (the in-batch loss alone).
        let negativeKeys: Int?
        var testDescription: String { "hidden \(hidden) τ \(temperature) negative keys \(negativeKeys.map(String.init) ?? "none")" }
    }

    static let features = 6, dimension = 3, pairs = 4

    static let cases: [Case] = [
        Case(hidden: [5], temperature: 0.5, negativeKeys: nil),
        Case(hidden: [5], temperature: 0.5, negativeKeys: 6),
        Case(hidden: [5], temperature: 0.5, negativeKeys: 0),
        Case(hidden: [5, 4], temperature: 0.2, negativeKeys: nil),
        Case(hidden: [5, 4], temperature: 1, negativeKeys: 7),
    ]

    @Test(arguments: cases)
    func everyParameterMatchesFiniteDifferences(_ c: Case) throws {
        let architecture = ContrastiveArchitecture(features: Self.features, hidden: c.hidden, dimension: Self.dimension)
        let network = try ContrastiveNetwork(architecture: architecture, seed: 4)
        let rows = 2 * Self.pairs
        let x = uniformValues(rows * Self.features, seed: 21)
        // Keys of any length: the loss normalises them.
        let positives = c.negativeKeys == nil ? [] : uniformValues(rows * Self.dimension, seed: 23, -2, 2)
        let negatives = uniformValues((c.negativeKeys ?? 0) * Self.dimension, seed: 22, -2, 2)
        let keys = c.negativeKeys.map { _ in ContrastiveNetwork.Keys(positives: positives, negatives: negatives) }
        let result = network.lossAndGradient(x, rows: rows, loss: InfoNCELoss(temperature: c.temperature), keys: keys)

        let reference = ReferenceContrastiveNetwork(network)
        let tau = Double(c.temperature)
        let expected = reference.loss(x, rows: rows, temperature: tau, positives: positives, negatives: negatives)
        #expect(abs(Double(result.objective) - expected.loss) <= 1e-5 * expected.loss)
        let unit = expected.unitProjections.flatMap { $0 }
        #expect(zip(result.normalizedProjections, unit).allSatisfy { abs(Double($0) - $1) <= 1e-5 })
        #expect(result.normalizedProjections.count == unit.count)

        // The check has power only if every ReLU has units on both sides of its kink, and no
        // pre-activation lies so near the kink that a difference step crosses it.
        let preActivations = (0..<rows).map { reference.forward(ReferenceContrastiveNetwork.row(x, $0, width: Self.features)).preActivations }
        for layer in 0..<reference.reluLayers {
            let values = preActivations.flatMap { $0[layer] }
            #expect(values.contains { $0 < 0 } && values.contains { $0 > 0 }, "ReLU layer \(layer) is never or always active")
            #expect(values.allSatisfy { abs($0) > 1e-4 }, "ReLU layer \(layer) has an input at the kink")
        }

        let numeric = reference.finiteDifferences { $0.loss(x, rows: rows, temperature: tau, positives: positives, negatives: negatives).loss }
        let names = architecture.parameterShapes.map(\.name)
        #expect(result.gradient.count == numeric.count)
        for (p, (computed, wanted)) in zip(result.gradient, numeric).enumerated() {
            #expect(computed.count == wanted.count, "\(names[p]): count")
            #expect(wanted.contains { abs($0) > 1e-4 }, "\(names[p]) has no gradient: the check would be empty")
            let scale = wanted.map(abs).max() ?? 0
            for (i, (a, b)) in zip(computed, wanted).enumerated() {
                #expect(abs(Double(a) - b) <= 2e-3 * abs(b) + 1e-4 * scale + 1e-7,
                        "\(names[p])[\(i)]: library \(a), finite differences \(b) (largest \(scale))")
            }
        }
    }

    /// Keys add a loss: giving them changes the objective and the gradient (keys silently
    /// ignored would pass a check written without them), not the in-batch loss.
    @Test func keysChangeTheObjectiveAndGradient() throws {
        let architecture = ContrastiveArchitecture(features: Self.features, hidden: [5], dimension: Self.dimension)
        let network = try ContrastiveNetwork(architecture: architecture, seed: 4)
        let x = uniformValues(8 * Self.features, seed: 21)
        let loss = InfoNCELoss(temperature: 0.5)
        let without = network.lossAndGradient(x, rows: 8, loss: loss)
        let keys = ContrastiveNetwork.Keys(positives: uniformValues(8 * Self.dimension, seed: 23), negatives: uniformValues(6 * Self.dimension, seed: 22))
        let with = network.lossAndGradient(x, rows: 8, loss: loss, keys: keys)
        #expect(with.loss == without.loss)
        #expect(with.objective > without.objective)
        #expect(without.keyLoss == nil && with.keyLoss != nil)
        #expect(with.gradient != without.gradient)
        #expect(with.normalizedProjections == without.normalizedProjections)
    }
}
