import Testing
import TensorCore
@testable import EnergyModels

/// The free energy's closed form against the sum over every hidden state.
@Suite struct FreeEnergyTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func freeEnergyMatchesTheSumOverHiddenStates(seed: UInt64) throws {
        let model = try randomRBM(visible: 5, hidden: 4, scale: 1.5, seed: seed)
        let reference = ReferenceRBM(model)
        // Every binary row, and grey rows (the closed form holds for any real v).
        var generator = SeededGenerator(seed: seed + 100)
        let rows = ReferenceRBM.states(5) + (0..<8).map { _ in (0..<5).map { _ in Double(Float(generator.unit())) } }
        let free = model.freeEnergy(rows.flatMap { $0.map(Float.init) }, rows: rows.count)
        for (row, f) in zip(rows, free) {
            let expected = reference.freeEnergy(row)
            #expect(abs(Double(f) - expected) <= 1e-5 * max(1, abs(expected)), "F(\(row)) = \(f), brute force \(expected)")
        }
    }

    @Test func jointEnergyMatchesTheDefinition() throws {
        let model = try randomRBM(visible: 3, hidden: 2, scale: 1, seed: 9)
        let reference = ReferenceRBM(model)
        for v in ReferenceRBM.states(3) {
            for h in ReferenceRBM.states(2) {
                let e = model.energy(visible: v.map(Float.init), hidden: h.map(Float.init))
                #expect(abs(e - reference.energy(v, h)) <= 1e-12)
            }
        }
    }

    /// A fresh machine (W ~ N(0, 0.01²), biases 0) has an almost flat energy: every row's F is
    /// within 0.05 of −H·log 2 (each hidden unit's softplus(0)).
    @Test func freshMachineEnergyIsFlat() throws {
        let model = try BernoulliRBM(visible: 6, hidden: 5, seed: 4)
        let free = model.freeEnergy(ReferenceRBM.states(6).flatMap { $0.map(Float.init) }, rows: 64)
        for f in free { #expect(abs(Double(f) + 5 * 0.693_147_18) < 0.05) }
    }
}
