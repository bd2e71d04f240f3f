import Testing
import TensorCore
@testable import EnergyModels

/// Every parameter's gradient against central finite differences of the independent Double
/// forward pass (DAEReferenceNetwork), tied and untied, both losses, both activations.
@Suite struct DAEGradientCheckTests {
    static let cases: [DAEArchitecture] = [
        DAEArchitecture(features: 6, hidden: 5, activation: .sigmoid, tied: false, reconstruction: .squaredError),
        DAEArchitecture(features: 6, hidden: 5, activation: .sigmoid, tied: true, reconstruction: .squaredError),
        DAEArchitecture(features: 7, hidden: 4, activation: .sigmoid, tied: false, reconstruction: .crossEntropy),
        DAEArchitecture(features: 7, hidden: 4, activation: .sigmoid, tied: true, reconstruction: .crossEntropy),
        DAEArchitecture(features: 5, hidden: 9, activation: .relu, tied: false, reconstruction: .squaredError),
        DAEArchitecture(features: 5, hidden: 9, activation: .relu, tied: true, reconstruction: .crossEntropy),
        // Widths past eight lanes (the vectorised cross-entropy's main loop).
        DAEArchitecture(features: 19, hidden: 11, activation: .sigmoid, tied: true, reconstruction: .crossEntropy),
    ]

    @Test(arguments: cases)
    func everyParameterMatchesFiniteDifferences(_ architecture: DAEArchitecture) throws {
        let rows = 6
        let model = try DenoisingAutoEncoder(architecture: architecture, seed: 21)
        var data = DAETestRows(seed: 4)
        let clean = data.uniform(rows * architecture.features)
        var generator = SeededGenerator(seed: 5)
        let corrupted = Corruption.gaussian(standardDeviation: 0.4).apply(to: clean, generator: &generator)
        let (loss, gradient) = model.lossAndGradient(corrupted: corrupted, clean: clean, rows: rows)

        let reference = DAEReferenceNetwork(model)
        let expected = reference.loss(corrupted: corrupted, clean: clean, rows: rows)
        #expect(abs(loss - expected) <= 1e-5 * abs(expected) + 1e-6, "library \(loss), reference \(expected)")

        let numeric = reference.finiteDifferences { $0.loss(corrupted: corrupted, clean: clean, rows: rows) }
        let names = architecture.parameterShapes.map(\.name)
        #expect(gradient.count == numeric.count)
        for (p, (computed, wanted)) in zip(gradient, numeric).enumerated() {
            #expect(computed.count == wanted.count, "\(names[p]): count")
            let scale = wanted.map(abs).max() ?? 0
            #expect(scale > 1e-6, "\(names[p]) has no gradient")
            for (a, b) in zip(computed, wanted) {
                #expect(abs(Double(a) - b) <= 2e-3 * abs(b) + 1e-4 * scale + 1e-7,
                        "\(names[p]): library \(a), finite differences \(b) (largest \(scale))")
            }
        }
    }

    /// The energy is the reference's error of the clean row restored from itself.
    @Test(arguments: cases)
    func energyIsTheCleanReconstructionError(_ architecture: DAEArchitecture) throws {
        let rows = 5
        let model = try DenoisingAutoEncoder(architecture: architecture, seed: 2)
        var data = DAETestRows(seed: 8)
        let x = data.uniform(rows * architecture.features)
        let energies = model.energies(x, rows: rows)
        let reference = DAEReferenceNetwork(model)
        for r in 0..<rows {
            let row = Array(x[(r * architecture.features)..<((r + 1) * architecture.features)])
            let expected = reference.loss(corrupted: row, clean: row, rows: 1)
            #expect(abs(energies[r] - expected) <= 1e-5 * expected + 1e-6, "row \(r): \(energies[r]) vs \(expected)")
        }
    }
}
