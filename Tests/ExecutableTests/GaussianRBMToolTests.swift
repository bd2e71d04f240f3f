import Foundation
import Testing
import TensorCore

/// `rbm-train --visible gaussian` end to end: real rows accepted, the file's units, the curve
/// without a pseudo-log-likelihood, real samples, and energy-map drawing an RBM's free energy.
struct GaussianRBMToolTests {
    @Test("a Gaussian-Bernoulli RBM on signed rows: visible_units, lr 0.001, free energy but no PLL in the curve")
    func trainsOnRealRows() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let train = try ToolProcess.run("rbm-train", ["--visible", "gaussian", "--hidden", "8", "--epochs", "3", "--holdout", "56", "--curve", "curve.csv",
                                                      "-o", "g.lpt", ToolProcess.sample("dct-8x8-256.lpt")], directory: directory)
        #expect(train.status == 0, "\(train.stderr)")
        let model = try #require(try VAEFixtures.frames(directory.appendingPathComponent("g.lpt").path).first)
        #expect(model.attribute("visible_units")?.string == "gaussian" && model.attribute("lr")?.number == 0.001)
        #expect(model.attribute("heldout_pll") == nil && model.attribute("heldout_free_energy")?.number?.isFinite == true)
        let curve = try String(contentsOf: directory.appendingPathComponent("curve.csv"), encoding: .utf8).split(separator: "\n")
        #expect(curve.count == 4)
        for line in curve.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(cells.count == 8 && cells[2].isEmpty && cells[5].isEmpty && Double(cells[3]) != nil && Double(cells[6]) != nil, "\(line)")
        }
        // Samples are real: N(E[v | h], I) draws, not binary.
        let (frames, _) = try VAEFixtures.run("rbm-sample", ["--model", "g.lpt", "--count", "5", "--steps", "3"], in: directory)
        let states = try #require(frames.first?["states"])
        #expect(states.shape == [5, 64] && states.floats.contains { $0 < 0 || $0 > 1 })
    }

    @Test("energy-map draws an RBM's free energy; trained on the moons, it is lower at the points than over the grid")
    func energyMapOfAnRBM() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let run = try ToolProcess.shell("""
            toy-data --kind moons --count 1000 --seed 2 -o moons.lpt && \
            rbm-train --visible gaussian --hidden 16 --epochs 20 --lr 0.01 --batch-size 20 --seed 1 -o rbm.lpt moons.lpt && \
            energy-map --model rbm.lpt --grid 40 --progress -o map.png moons.lpt
            """, directory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let png = try Data(contentsOf: directory.appendingPathComponent("map.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let numbers = run.stderr.split(whereSeparator: { " ,\n".contains($0) }).compactMap { Double($0) }
        // "mean E over the grid G, at the 1000 points P"
        #expect(numbers.count == 3, "\(run.stderr)")
        if numbers.count == 3 { #expect(numbers[2] < numbers[0], "\(run.stderr)") }
    }
}
