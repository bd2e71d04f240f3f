import Foundation
import Testing
import TensorCore
@testable import EnergyModels

/// scikit-learn's pseudo-log-likelihood: V·log p(vᵢ | v₋ᵢ) for the flipped unit i.
@Suite struct PseudoLikelihoodTests {
    @Test func pseudoLikelihoodIsTheConditionalOfTheFlippedUnit() throws {
        let model = try randomRBM(visible: 5, hidden: 3, scale: 1.5, seed: 41)
        let reference = ReferenceRBM(model)
        let rows = ReferenceRBM.states(5)
        for i in 0..<5 {
            let flips = [Int](repeating: i, count: rows.count)
            let pll = model.pseudoLogLikelihood(rows.flatMap { $0.map(Float.init) }, rows: rows.count, flipping: flips)
            for (row, value) in zip(rows, pll) {
                var flipped = row
                flipped[i] = 1 - row[i]
                // p(vᵢ | v₋ᵢ) = e^(−F(v)) / (e^(−F(v)) + e^(−F(ṽ))).
                let f = reference.freeEnergy(row), g = reference.freeEnergy(flipped)
                let expected = 5 * (-f - ReferenceRBM.logSumExp([-f, -g]))
                #expect(abs(value - expected) <= 1e-5 * max(1, abs(expected)), "row \(row), unit \(i)")
            }
        }
    }

    /// Grey rows: ṽᵢ = 1 − vᵢ, and the value is V·log σ(F(ṽ) − F(v)) from the free energies.
    @Test func greyRowsFlipToOneMinusTheirValue() throws {
        let model = try randomRBM(visible: 4, hidden: 6, scale: 1, seed: 42)
        let reference = ReferenceRBM(model)
        let row: [Double] = [0.25, 0.5, 0.75, 0.125]
        let value = model.pseudoLogLikelihood(row.map(Float.init), rows: 1, flipping: [2])[0]
        var flipped = row
        flipped[2] = 0.25
        let d = reference.freeEnergy(flipped) - reference.freeEnergy(row)
        #expect(abs(value - 4 * -log1p(exp(-d))) <= 1e-5)
    }

    /// Same generator, same flips; the flips are the generator's uniform draws in row order.
    @Test func seededFlipsAreUniformAndReproducible() throws {
        let model = try BernoulliRBM(visible: 4, hidden: 2, seed: 1)
        let rows = [Float](repeating: 1, count: 4 * 8000)
        var first = SeededGenerator(seed: 9), second = SeededGenerator(seed: 9)
        let a = model.pseudoLogLikelihood(rows, rows: 8000, generator: &first)
        let b = model.pseudoLogLikelihood(rows, rows: 8000, generator: &second)
        #expect(a == b)
        // The seeded form flips `below(visible)` per row, in row order: each unit in about a
        // quarter of the rows.
        var generator = SeededGenerator(seed: 9)
        let flips = (0..<8000).map { _ in generator.below(4) }
        for unit in 0..<4 {
            let share = Double(flips.filter { $0 == unit }.count) / 8000
            #expect(abs(share - 0.25) < 4.5 * (0.25 * 0.75 / 8000).squareRoot())
        }
        let expected = model.pseudoLogLikelihood(rows, rows: 8000, flipping: flips)
        #expect(a == expected)
    }
}
