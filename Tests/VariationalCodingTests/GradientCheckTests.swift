import Testing
import TensorCore
@testable import VariationalCoding

/// Every parameter's gradient against central finite differences of the independent Double
/// forward pass (ReferenceVAE), with ε fixed (the reparameterisation).
@Suite struct GradientCheckTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let architecture: VAEArchitecture
        let beta: Float
        let rows: Int
        var testDescription: String {
            "\(architecture.likelihood.name) hidden \(architecture.hidden) latent \(architecture.latent) β \(beta)"
        }
    }

    static let cases: [Case] = [
        Case(architecture: VAEArchitecture(features: 6, hidden: [7], latent: 3, likelihood: .bernoulli), beta: 1, rows: 5),
        Case(architecture: VAEArchitecture(features: 5, hidden: [8, 6], latent: 2, likelihood: .bernoulli), beta: 2.5, rows: 4),
        Case(architecture: VAEArchitecture(features: 6, hidden: [7], latent: 4, likelihood: .gaussian(standardDeviation: 0.7)), beta: 0.3, rows: 5),
        Case(architecture: VAEArchitecture(features: 4, hidden: [6, 9], latent: 3, likelihood: .gaussian(standardDeviation: 1.3)), beta: 4, rows: 3),
        // Batches of `halvingRows` or more are worked in two halves whose gradients are added.
        Case(architecture: VAEArchitecture(features: 4, hidden: [5], latent: 2, likelihood: .bernoulli), beta: 1.5, rows: 71),
        Case(architecture: VAEArchitecture(features: 3, hidden: [4, 5], latent: 2, likelihood: .gaussian(standardDeviation: 0.9)), beta: 0.7, rows: 64),
    ]

    /// |library − reference| within Float rounding of the terms: relative to the element and to
    /// the largest gradient of the same parameter.
    static func expectGradientsAgree(_ library: [[Float]], _ reference: [[Double]], names: [String]) {
        #expect(library.count == reference.count)
        for (p, (computed, expected)) in zip(library, reference).enumerated() {
            #expect(computed.count == expected.count, "\(names[p]): count")
            let scale = expected.map(abs).max() ?? 0
            for (a, b) in zip(computed, expected) {
                #expect(abs(Double(a) - b) <= 2e-3 * abs(b) + 1e-4 * scale + 1e-7,
                        "\(names[p]): library \(a), finite differences \(b) (largest \(scale))")
            }
        }
    }

    @Test(arguments: cases)
    func everyParameterMatchesFiniteDifferences(_ c: Case) throws {
        let model = try VariationalAutoEncoder(architecture: c.architecture, seed: 9)
        var data = TestData(seed: 3)
        let gaussian = c.architecture.likelihood != .bernoulli
        let x = gaussian ? data.uniform(c.rows * c.architecture.features, -2, 2) : data.uniform(c.rows * c.architecture.features)
        let epsilon = data.normal(c.rows * c.architecture.latent)
        let (loss, gradient) = model.lossAndGradient(x, rows: c.rows, noise: .samples(epsilon), beta: c.beta)

        let reference = ReferenceVAE(model)
        let expected = reference.loss(x, rows: c.rows, epsilon: epsilon, beta: Double(c.beta))
        #expect(abs(loss.reconstruction - expected.reconstruction) <= 1e-5 * abs(expected.reconstruction) + 1e-6)
        #expect(abs(loss.kl - expected.kl) <= 1e-5 * abs(expected.kl) + 1e-6)
        #expect(expected.kl > 0)

        let numeric = reference.finiteDifferences { $0.loss(x, rows: c.rows, epsilon: epsilon, beta: Double(c.beta)).objective }
        let names = c.architecture.parameterShapes.map(\.name)
        Self.expectGradientsAgree(gradient, numeric, names: names)
        // Every parameter tensor takes part (no tensor whose gradient is identically zero).
        for (p, g) in numeric.enumerated() { #expect(g.contains { abs($0) > 1e-6 }, "\(names[p]) has no gradient") }
    }

    /// The halves of a large batch on one thread or two: the same bits.
    @Test func halvedBatchDoesNotDependOnThreads() throws {
        let architecture = VAEArchitecture(features: 8, hidden: [16], latent: 3, likelihood: .bernoulli)
        let model = try VariationalAutoEncoder(architecture: architecture, seed: 2)
        var data = TestData(seed: 12)
        let rows = 2 * VariationalAutoEncoder.halvingRows + 1
        let x = data.uniform(rows * 8), noise = VAENoise.samples(data.normal(rows * 3))
        let one = model.lossAndGradient(x, rows: rows, noise: noise, beta: 1, threads: 1)
        let two = model.lossAndGradient(x, rows: rows, noise: noise, beta: 1, threads: 2)
        #expect(one.loss == two.loss)
        #expect(one.gradient == two.gradient)
    }

    /// The design's order and shapes, written out for two hidden layers.
    @Test func parameterOrderIsTheDesigns() throws {
        let a = VAEArchitecture(features: 10, hidden: [8, 6], latent: 3, likelihood: .bernoulli)
        let expected: [(String, [Int])] = [
            ("encoder.0.weight", [10, 8]), ("encoder.0.bias", [8]), ("encoder.1.weight", [8, 6]), ("encoder.1.bias", [6]),
            ("mean.weight", [6, 3]), ("mean.bias", [3]), ("logvar.weight", [6, 3]), ("logvar.bias", [3]),
            ("decoder.0.weight", [3, 6]), ("decoder.0.bias", [6]), ("decoder.1.weight", [6, 8]), ("decoder.1.bias", [8]),
            ("output.weight", [8, 10]), ("output.bias", [10]),
        ]
        let model = try VariationalAutoEncoder(architecture: a, seed: 1)
        #expect(model.parameters.map(\.name) == expected.map(\.0))
        #expect(model.parameters.map(\.shape) == expected.map(\.1))
        // Initialised in that order from one generator, each layer U(±1/√inputs), W then b.
        var generator = SeededGenerator(seed: 1)
        for parameter in model.parameters {
            let bound = 1 / Double(parameter.name.hasSuffix("weight") ? parameter.shape[0] : previousInputs(parameter, expected)).squareRoot()
            let drawn = parameter.values.indices.map { _ in Float((2 * generator.unit() - 1) * bound) }
            #expect(parameter.values == drawn, "\(parameter.name)")
        }
    }

    /// A bias's fan-in is that of the weight before it.
    private func previousInputs(_ bias: VAEParameter, _ table: [(String, [Int])]) -> Int {
        let index = table.firstIndex { $0.0 == bias.name }!
        return table[index - 1].1[0]
    }
}
