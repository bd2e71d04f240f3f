import Foundation
import ImageIO
import Testing
import TensorCore
import TensorStream

/// `dae-train` end to end, and `energy-map` of its reconstruction error: seeds, the curve, the
/// energy computed from the file, refusals.
struct DAEToolTests: RefusalChecks {
    @Test func sameSeedSameBytesAndTheHeldOutEnergyFalls() throws {
        let (directory, moons) = try EnergyToolTests.moons()
        func train(_ seed: String, _ name: String) throws -> Data {
            let result = try ToolProcess.run("dae-train", ["--hidden", "16", "--noise", "gaussian:0.1", "--epochs", "30", "--lr", "0.01", "--batch-size", "32",
                                                           "--holdout", "100", "--seed", seed, "--curve", name + ".csv", "-o", name, moons], directory: directory)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
            return try Data(contentsOf: directory.appendingPathComponent(name))
        }
        let a = try train("1", "a.lpt"), b = try train("1", "b.lpt"), c = try train("2", "c.lpt")
        #expect(a == b && a != c)
        let lines = try String(contentsOf: directory.appendingPathComponent("a.lpt.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "epoch,train_loss,heldout_energy,heldout_denoising,seconds" && lines.count == 31)
        let energies = lines.dropFirst().map { Double($0.split(separator: ",")[2])! }
        #expect(energies.last! < energies.first! / 4, "held-out energy \(energies.first!) → \(energies.last!)")
        let model = try #require(try SplitRowsTests.frames(directory.appendingPathComponent("a.lpt").path).first)
        #expect(model.attribute("kind")?.string == "dae" && model.attribute("noise")?.string == "gaussian:0.1")
        #expect(model["encoder.weight"]?.shape == [2, 16] && model["decoder.weight"]?.shape == [16, 2])
    }

    /// The reconstruction error of a point from the file's tensors (sigmoid units, linear
    /// output): ‖σ(yW + b)W′ + c − y‖².
    static func energy(_ model: Frame, _ point: [Double]) -> Double {
        let w = model["encoder.weight"]!.floats, b = model["encoder.bias"]!.floats
        let v = model["decoder.weight"]!.floats, c = model["decoder.bias"]!.floats
        let hidden = b.count
        let h = (0..<hidden).map { j in 1 / (1 + exp(-(Double(b[j]) + (0..<2).reduce(0.0) { $0 + point[$1] * Double(w[$1 * hidden + j]) }))) }
        return (0..<2).reduce(0.0) { sum, k in
            let r = Double(c[k]) + (0..<hidden).reduce(0.0) { $0 + h[$1] * Double(v[$1 * 2 + k]) }
            return sum + (r - point[k]) * (r - point[k])
        }
    }

    @Test func energyMapDrawsTheReconstructionError() throws {
        let (directory, moons) = try EnergyToolTests.moons(count: 200)
        let trained = try ToolProcess.run("dae-train", ["--hidden", "8", "--epochs", "3", "-o", "d.lpt", moons], directory: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        let model = try #require(try SplitRowsTests.frames(directory.appendingPathComponent("d.lpt").path).first)
        let result = try ToolProcess.run("energy-map", ["--model", "d.lpt", "--grid", "2", "--xmin", "-2", "--xmax", "2", "--ymin", "-2", "--ymax", "2",
                                                        "--progress", "-o", "map.png", moons], directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        // The grid's mean: the four cell centres (±1, ±1), computed here.
        let expected = [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)].map { Self.energy(model, [$0.0, $0.1]) }.reduce(0, +) / 4
        let line = try #require(result.stderr.split(separator: "\n").first { $0.contains("mean E over the grid") })
        let words = line.split(separator: " ")
        let printed = try #require(words.firstIndex(of: "grid").flatMap { Double(words[$0 + 1].dropLast()) })
        #expect(abs(printed - expected) <= 1e-4 * max(1, expected), "grid mean \(printed), computed \(expected)")
        let image = try readPNG(path: directory.appendingPathComponent("map.png").path, color: true)
        #expect(image.width == 800 && image.height == 640)
    }

    @Test func badInputIsRefused() throws {
        let digits = try Data(contentsOf: URL(fileURLWithPath: ToolProcess.sample("digits-8x8.lpt")))
        let signed = Data(HandFrame.encode([HandFrame.f32("data", [2, 2], [-1, 0.5, 0.25, 2])]))
        try Self.expectRefusal("dae-train", ["--noise", "blur:2"], input: digits, status: 2, mentioning: "--noise", "an unknown corruption")
        try Self.expectRefusal("dae-train", ["--noise", "mask:1"], input: digits, status: 2, mentioning: "--noise", "mask:1")
        try Self.expectRefusal("dae-train", ["--hidden", "0"], input: digits, status: 2, mentioning: "--hidden", "--hidden 0")
        try Self.expectRefusal("dae-train", ["--loss", "cross-entropy"], input: signed, status: 1, mentioning: "[0, 1]", "cross-entropy of rows outside [0, 1]")
        try Self.expectRefusal("dae-train", [], input: Data(), status: 1, mentioning: "empty", "an empty stream")
        try Self.expectRefusal("dae-train", ["--holdout", "1797"], input: digits, status: 1, mentioning: "--holdout", "--holdout of every row")
    }
}

extension DAEToolTests {
    /// `embed` of a DAE writes its hidden units σ(xW + b), computed here from the file.
    @Test func embedWritesTheHiddenUnits() throws {
        let (directory, moons) = try EnergyToolTests.moons(count: 50)
        let trained = try ToolProcess.run("dae-train", ["--hidden", "5", "--epochs", "2", "-o", "d.lpt", moons], directory: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        let result = try ToolProcess.run("embed", ["--model", "d.lpt", "-o", "codes.lpt", moons], directory: directory)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let model = try #require(try SplitRowsTests.frames(directory.appendingPathComponent("d.lpt").path).first)
        let codes = try #require(try SplitRowsTests.frames(directory.appendingPathComponent("codes.lpt").path).first)
        let points = try #require(try SplitRowsTests.frames(moons).first)
        #expect(codes["data"]?.shape == [50, 5] && codes["labels"] == points["labels"])
        let w = model["encoder.weight"]!.floats, b = model["encoder.bias"]!.floats, x = points["data"]!.floats, h = codes["data"]!.floats
        for row in 0..<50 {
            for j in 0..<5 {
                let a = Double(b[j]) + Double(x[2 * row]) * Double(w[j]) + Double(x[2 * row + 1]) * Double(w[5 + j])
                #expect(abs(Double(h[row * 5 + j]) - 1 / (1 + exp(-a))) < 1e-5)
            }
        }
    }
}

extension DAEToolTests {
    /// dae-denoise: each row's energy equals the reconstruction error computed here from the
    /// file, the restored rows are the reconstructions, labels pass through; refusals.
    @Test func denoiseWritesTheReconstructionsAndTheEnergies() throws {
        let (directory, moons) = try EnergyToolTests.moons(count: 40)
        let trained = try ToolProcess.run("dae-train", ["--hidden", "6", "--epochs", "2", "-o", "d.lpt", moons], directory: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        let result = try ToolProcess.run("dae-denoise", ["--model", "d.lpt", "--energy", "-o", "r.lpt", moons], directory: directory)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let model = try #require(try SplitRowsTests.frames(directory.appendingPathComponent("d.lpt").path).first)
        let out = try #require(try SplitRowsTests.frames(directory.appendingPathComponent("r.lpt").path).first)
        let points = try #require(try SplitRowsTests.frames(moons).first)
        #expect(out["labels"] == points["labels"] && out["data"]?.shape == [40, 2] && out["energy"]?.shape == [40])
        let x = points["data"]!.floats, restored = out["data"]!.floats, energies = out["energy"]!.doubles
        for row in 0..<40 {
            let point = [Double(x[2 * row]), Double(x[2 * row + 1])]
            #expect(abs(energies[row] - Self.energy(model, point)) <= 1e-5 * max(1, energies[row]), "row \(row)")
            // The energy is the squared distance of the row from its restoration.
            let distance = (0..<2).reduce(0.0) { $0 + (Double(restored[2 * row + $1]) - point[$1]) * (Double(restored[2 * row + $1]) - point[$1]) }
            #expect(abs(distance - energies[row]) <= 1e-5 * max(1, distance))
        }
        let digits = try Data(contentsOf: URL(fileURLWithPath: ToolProcess.sample("digits-8x8.lpt")))
        try Self.expectRefusal("dae-denoise", ["--model", directory.appendingPathComponent("d.lpt").path], input: digits, status: 1,
                               mentioning: "features", "rows of another width")
        try Self.expectRefusal("dae-denoise", ["--model", ToolProcess.sample("dct-8x8-256.lpt")], input: digits, status: 1,
                               mentioning: "dae-train", "a dictionary as the model")
    }
}
