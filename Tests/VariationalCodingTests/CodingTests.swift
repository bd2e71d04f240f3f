import Foundation
import Testing
@testable import VariationalCoding

/// encode and decode against the independent Double forward pass, and the checks on saved
/// parameters, rows and options.
@Suite struct CodingTests {
    @Test(arguments: [VAELikelihood.bernoulli, .gaussian(standardDeviation: 2)])
    func encodeAndDecodeMatchTheReference(likelihood: VAELikelihood) throws {
        let architecture = VAEArchitecture(features: 9, hidden: [12, 7], latent: 2, likelihood: likelihood)
        let model = try VariationalAutoEncoder(architecture: architecture, seed: 4)
        let reference = ReferenceVAE(model)
        var data = TestData(seed: 6)
        let rows = 7
        let x = data.uniform(rows * architecture.features), z = data.normal(rows * architecture.latent)
        let (mean, logVariance) = model.encode(x, rows: rows)
        let decoded = model.decode(z, rows: rows)
        for r in 0..<rows {
            let expected = reference.encode((0..<9).map { Double(x[r * 9 + $0]) })
            for d in 0..<2 {
                #expect(abs(Double(mean[r * 2 + d]) - expected.mean[d]) < 1e-5)
                #expect(abs(Double(logVariance[r * 2 + d]) - expected.logVariance[d]) < 1e-5)
            }
            let output = reference.decodeOutput((0..<2).map { Double(z[r * 2 + $0]) })
            for j in 0..<9 {
                let want = likelihood == .bernoulli ? 1 / (1 + Foundation.exp(-output[j])) : output[j]
                #expect(abs(Double(decoded[r * 9 + j]) - want) < 1e-5)
            }
        }
    }

    @Test func parametersRoundTripAndMismatchesThrow() throws {
        let architecture = VAEArchitecture(features: 5, hidden: [4], latent: 2, likelihood: .bernoulli)
        let model = try VariationalAutoEncoder(architecture: architecture, seed: 1)
        #expect(try VariationalAutoEncoder(architecture: architecture, parameters: model.parameters) == model)
        var renamed = model.parameters
        renamed[2].name = "encoder.1.weight"
        var reshaped = model.parameters
        reshaped[0].shape = [4, 5]
        var short = model.parameters
        short[1].values.removeLast()
        var notFinite = model.parameters
        notFinite[5].values[0] = .nan
        for bad in [renamed, reshaped, short, notFinite, Array(model.parameters.dropLast())] {
            #expect(throws: VariationalCodingError.self) { try VariationalAutoEncoder(architecture: architecture, parameters: bad) }
        }
        let wider = VAEArchitecture(features: 6, hidden: [4], latent: 2, likelihood: .bernoulli)
        #expect(throws: VariationalCodingError.self) { try VariationalAutoEncoder(architecture: wider, parameters: model.parameters) }
    }

    @Test func invalidArchitecturesRowsAndOptionsThrow() {
        for bad in [VAEArchitecture(features: 5, hidden: [4], latent: 0, likelihood: .bernoulli),
                    VAEArchitecture(features: 0, hidden: [4], latent: 2, likelihood: .bernoulli),
                    VAEArchitecture(features: 5, hidden: [], latent: 2, likelihood: .bernoulli),
                    VAEArchitecture(features: 5, hidden: [4, 3, 2], latent: 2, likelihood: .bernoulli),
                    VAEArchitecture(features: 5, hidden: [4, 0], latent: 2, likelihood: .bernoulli),
                    VAEArchitecture(features: 5, hidden: [4], latent: 2, likelihood: .gaussian(standardDeviation: 0))] {
            #expect(throws: VariationalCodingError.self) { try VariationalAutoEncoder(architecture: bad, seed: 1) }
        }
        let architecture = VAEArchitecture(features: 2, hidden: [3], latent: 1, likelihood: .bernoulli)
        #expect(throws: VariationalCodingError.self) { try architecture.validate(rows: [0.5, .nan], count: 1) }
        #expect(throws: VariationalCodingError.self) { try architecture.validate(rows: [0.5, 1.5], count: 1) }
        #expect(throws: VariationalCodingError.self) { try architecture.validate(rows: [0.5, 0.5, 0.5], count: 1) }
        let gaussian = VAEArchitecture(features: 2, hidden: [3], latent: 1, likelihood: .gaussian(standardDeviation: 1))
        #expect(throws: Never.self) { try gaussian.validate(rows: [0.5, 1.5], count: 1) }
        for options in [VAETraining.Options(beta: -1), VAETraining.Options(epochs: -1), VAETraining.Options(batchSize: 0),
                        VAETraining.Options(learningRate: 0), VAETraining.Options(threads: 0)] {
            #expect(throws: VariationalCodingError.self) {
                try VAETraining(rows: [0.5, 0.5], count: 1, architecture: architecture, options: options)
            }
        }
        #expect(throws: VariationalCodingError.self) {
            try VAETraining(rows: [], count: 0, architecture: architecture, options: .init())
        }
    }
}
