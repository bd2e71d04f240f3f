import Foundation
import ImageIO
import Plotting
import Testing
import TensorCore
import TensorStream

/// `ebm-train` and `energy-map` end to end: seeds, the curve and the margin it measures, the
/// map's colours against energies computed here from the model file, and refusals.
struct EnergyToolTests: RefusalChecks {
    /// Moons written by toy-data into a fresh folder; the folder and the file's path.
    static func moons(count: Int = 600) throws -> (URL, String) {
        let directory = try ToolProcess.temporaryDirectory()
        let result = try ToolProcess.run("toy-data", ["--kind", "moons", "--count", "\(count)", "--noise", "0.05", "--seed", "1", "-o", "moons.lpt"],
                                         directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        return (directory, directory.appendingPathComponent("moons.lpt").path)
    }

    @Test func sameSeedSameBytesAndTheMarginGrows() throws {
        let (directory, moons) = try Self.moons()
        func train(_ seed: String, _ name: String, curve: String? = nil) throws -> Data {
            let result = try ToolProcess.run("ebm-train", ["--hidden", "32,32", "--cd", "10", "--epochs", "60", "--batch-size", "32", "--holdout", "100", "--seed", seed,
                                                           "-o", name, moons] + (curve.map { ["--curve", $0] } ?? []), directory: directory)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
            return try Data(contentsOf: directory.appendingPathComponent(name))
        }
        let a = try train("3", "a.lpt", curve: "curve.csv"), b = try train("3", "b.lpt"), c = try train("4", "c.lpt")
        #expect(a == b && a != c)
        let lines = try String(contentsOf: directory.appendingPathComponent("curve.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "epoch,positive_energy,negative_energy,heldout_margin" && lines.count == 61)
        let margins = lines.dropFirst().map { Double($0.split(separator: ",")[3])! }
        // Uniform points of the box end with a higher mean energy than held-out moons points
        // (measured: 0.004 after the first epoch, 3.6 after the 60th).
        #expect(margins.first! < 0.1 && margins.last! > 2, "margins \(margins)")
        let model = try #require(try SplitRowsTests.frames(directory.appendingPathComponent("a.lpt").path).first)
        #expect(model.attribute("kind")?.string == "mlp-energy" && model.attribute("hidden")?.string == "32,32")
        #expect(abs(model.attribute("heldout_margin")!.number! - margins.last!) < 1e-5)
    }

    /// E(y) from the model file's tensors in Double: softplus layers, linear output.
    static func energy(_ model: Frame, _ x: Double, _ y: Double) -> Double {
        var a = [x, y], layer = 0
        while let weight = model["layer.\(layer).weight"], let bias = model["layer.\(layer).bias"] {
            let (inputs, outputs) = (weight.shape[0], weight.shape[1]), w = weight.floats, b = bias.floats
            var z = (0..<outputs).map { Double(b[$0]) }
            for o in 0..<outputs { for i in 0..<inputs { z[o] += a[i] * Double(w[i * outputs + o]) } }
            layer += 1
            a = model["layer.\(layer).weight"] == nil ? z : z.map { max($0, 0) + log1p(exp(-abs($0))) }
        }
        return a[0]
    }

    /// A 4×4 grid with fixed limits and colour range: every cell's colour is viridis of its
    /// centre's energy, scaled between --vmin and --vmax.
    @Test func mapColoursAreTheEnergiesOfTheCells() throws {
        let (directory, moons) = try Self.moons(count: 200)
        let trained = try ToolProcess.run("ebm-train", ["--hidden", "8", "--epochs", "3", "--cd", "2", "-o", "e.lpt", moons], directory: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        let model = try #require(try SplitRowsTests.frames(directory.appendingPathComponent("e.lpt").path).first)
        let centres = (0..<4).map { -1.5 + (Double($0) + 0.5) / 4 * 4 }  // x in [-1.5, 2.5]
        let rows = (0..<4).map { -1 + (Double($0) + 0.5) / 4 * 2.5 }       // y in [-1, 1.5]
        let energies = rows.flatMap { y in centres.map { x in Self.energy(model, x, y) } }
        let (vmin, vmax) = (energies.min()! - 0.1, energies.max()! + 0.1)
        let result = try ToolProcess.run("energy-map", ["--model", "e.lpt", "--grid", "4", "--xmin", "-1.5", "--xmax", "2.5", "--ymin", "-1", "--ymax", "1.5",
                                                        "--vmin", "\(vmin)", "--vmax", "\(vmax)", "--size", "640x480", "-o", "map.png", moons],
                                         directory: directory)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let image = try readPNG(path: directory.appendingPathComponent("map.png").path, color: true)
        #expect(image.width == 640 && image.height == 480)
        // Find the plot area as the chart does: render the same geometry with a constant map.
        let probe = try HeatMapRenderer.render(HeatMapChart(values: energies, rows: 4, columns: 4, xRange: (-1.5, 2.5), yRange: (-1, 1.5),
                                                            xLabel: "y[0]", yLabel: "y[1]", valueLabel: "E", valueLimits: (vmin, vmax),
                                                            width: 640, height: 480))
        let plot = probe.plotRect
        var checked = 0
        for r in 0..<4 {
            for c in 0..<4 {
                // Low in the bottom row's cells, below the moons (which lie above y = -0.7).
                let px = plot.x + Int((Double(c) + 0.2) / 4 * Double(plot.width)), py = plot.maxY - 1 - Int((Double(r) + 0.2) / 4 * Double(plot.height))
                guard r == 0 else { continue }
                let expected = Viridis.color((energies[r * 4 + c] - vmin) / (vmax - vmin))
                let pixel = RGB(image[py, px, 0], image[py, px, 1], image[py, px, 2])
                #expect(pixel.distance(to: expected) < 0.01, "cell (\(r), \(c)): \(pixel) against \(expected)")
                checked += 1
            }
        }
        #expect(checked == 4)
    }

    @Test func badInputIsRefused() throws {
        let (directory, moons) = try Self.moons(count: 100)
        let points = try Data(contentsOf: URL(fileURLWithPath: moons))
        let trained = try ToolProcess.run("ebm-train", ["--hidden", "4", "--epochs", "1", "--cd", "1", "-o", "e.lpt", moons], directory: directory)
        #expect(trained.status == 0)
        let energy = directory.appendingPathComponent("e.lpt").path
        let nan = Data(HandFrame.encode([HandFrame.f32("data", [2, 2], [0, .nan, 1, 1])]))
        try Self.expectRefusal("ebm-train", ["--particles", "10"], input: points, status: 2, mentioning: "--pcd", "--particles without --pcd")
        try Self.expectRefusal("ebm-train", ["--hidden", "0"], input: points, status: 2, mentioning: "--hidden", "--hidden 0")
        try Self.expectRefusal("ebm-train", ["--cd", "0"], input: points, status: 2, mentioning: "--cd", "--cd 0")
        try Self.expectRefusal("ebm-train", [], input: nan, status: 1, mentioning: "NaN", "a NaN point")
        try Self.expectRefusal("ebm-train", [], input: Data(), status: 1, mentioning: "empty", "an empty stream")
        let noCoordinates = Data(HandFrame.encode([HandFrame.f32("data", [5, 0], [])]))
        try Self.expectRefusal("ebm-train", [], input: noCoordinates, status: 1, mentioning: "no points", "points of no coordinate")
        try Self.expectRefusal("dae-train", [], input: noCoordinates, status: 1, mentioning: "features", "rows of no feature")
        try Self.expectRefusal("energy-map", ["--model", energy], input: noCoordinates, status: 1, mentioning: "2-D", "points of no coordinate")
        try Self.expectRefusal("ebm-train", ["--holdout", "100"], input: points, status: 1, mentioning: "--holdout", "--holdout of every point")
        try Self.expectRefusal("energy-map", ["--model", ToolProcess.sample("dct-8x8-256.lpt")], input: points, status: 1, mentioning: "ebm-train", "a dictionary as the model")
        try Self.expectRefusal("energy-map", ["--model", energy, "--vmin", "2", "--vmax", "1"], input: points, status: 2, mentioning: "--vmin", "--vmin above --vmax")
        try Self.expectRefusal("energy-map", ["--model", energy, "--xmin", "2", "--xmax", "1"], input: points, status: 2, mentioning: "--xmin", "--xmin above --xmax")
        try Self.expectRefusal("energy-map", ["--model", energy], input: nan, status: 1, mentioning: "nan", "NaN points")
        let digits = try ToolProcess.run("ebm-train", ["--hidden", "4", "--epochs", "1", "--cd", "1", "-o", "d.lpt", ToolProcess.sample("digits-8x8.lpt")],
                                         directory: directory)
        #expect(digits.status == 0)
        try Self.expectRefusal("energy-map", ["--model", directory.appendingPathComponent("d.lpt").path], input: points, status: 1, mentioning: "2-D",
                          "an energy of 64-D points")
    }
}
