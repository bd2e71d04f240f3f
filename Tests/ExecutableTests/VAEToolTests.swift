import Foundation
import Testing
import TensorCore
import TensorStream

/// Small VAE models of the 8x8 digits, trained once for the VAE tool tests (a few epochs,
/// small hidden layers: seconds, not minutes), and the helpers the tests share.
enum VAEFixtures {
    static let digits = ToolProcess.sample("digits-8x8.lpt")
    /// The options of the model `vae2.lpt` (latent 2) that the tests retrain or resume.
    static let training = ["--latent", "2", "--hidden", "16", "--batch-size", "64", "--lr", "0.005", "--holdout", "300", "--seed", "5"]
    static let epochs = 4

    /// A folder with `vae2.lpt` (the options above, `epochs` epochs, its curve `curve.csv` and
    /// its stderr `train.log`, with --progress) and `vae3.lpt` (latent 3, hidden 8, 1 epoch).
    static let directory: URL = {
        let directory = try! ToolProcess.temporaryDirectory()
        let two = try! ToolProcess.run("vae-train", training + ["--epochs", String(epochs), "--curve", "curve.csv", "--progress", "-o", "vae2.lpt", digits],
                                       directory: directory)
        precondition(two.status == 0, "vae-train: \(two.stderr)")
        try! Data(two.stderr.utf8).write(to: directory.appendingPathComponent("train.log"))
        let three = try! ToolProcess.run("vae-train", ["--latent", "3", "--hidden", "8", "--epochs", "1", "-o", "vae3.lpt", digits], directory: directory)
        precondition(three.status == 0, "vae-train: \(three.stderr)")
        return directory
    }()

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Every frame of a stream file.
    static func frames(_ path: String) throws -> [Frame] {
        let input = try TensorInput(path: path)
        var frames: [Frame] = []
        while let frame = try input.next() { frames.append(frame) }
        return frames
    }

    /// Every frame of a tool's stdout.
    static func frames(_ bytes: Data, in directory: URL) throws -> [Frame] {
        let file = directory.appendingPathComponent("stdout-\(UUID().uuidString).lpt")
        try bytes.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try frames(file.path)
    }

    /// Runs `tool` in `directory`, expects success, and returns its stdout frames and stderr.
    static func run(_ tool: String, _ arguments: [String], in directory: URL = directory) throws -> (frames: [Frame], stderr: String) {
        let result = try ToolProcess.run(tool, arguments, directory: directory)
        #expect(result.status == 0, "\(tool) \(arguments): \(result.stderr)")
        guard result.status == 0 else { return ([], result.stderr) }
        return (try frames(result.stdout, in: directory), result.stderr)
    }

    /// The model frame of a file vae-train wrote.
    static func model(_ name: String) throws -> Frame {
        try #require(try frames(path(name)).first)
    }
}

/// `vae-train`, `vae-encode` and `vae-sample` end to end on the 8x8 digits.
struct VAEToolTests {
    @Test("vae-train writes a kind=vae model: the shapes of the design, Adam state, attributes, progress")
    func trainWritesAModel() throws {
        let model = try VAEFixtures.model("vae2.lpt")
        #expect(model.attribute("kind")?.string == "vae")
        #expect(model.attribute("features")?.number == 64 && model.attribute("latent")?.number == 2)
        #expect(model.attribute("hidden")?.string == "16" && model.attribute("likelihood")?.string == "bernoulli")
        #expect(model.attribute("epochs")?.number == Double(VAEFixtures.epochs))
        #expect(model.attribute("batch_size")?.number == 64 && model.attribute("seed")?.string == "5")
        // 1497 training rows in batches of 64: 24 steps an epoch (the last one partial).
        #expect(model.attribute("adam_steps")?.number == Double(24 * VAEFixtures.epochs))
        // The digits' row attributes ride along, so that vae-sample's output can be drawn.
        #expect(model.attribute("patch_height")?.number == 8 && model.attribute("patch_width")?.number == 8)
        let shapes: [(String, [Int])] = [
            ("encoder.0.weight", [64, 16]), ("encoder.0.bias", [16]), ("mean.weight", [16, 2]), ("mean.bias", [2]),
            ("logvar.weight", [16, 2]), ("logvar.bias", [2]), ("decoder.0.weight", [2, 16]), ("decoder.0.bias", [16]),
            ("output.weight", [16, 64]), ("output.bias", [64]),
        ]
        for (name, shape) in shapes {
            #expect(model[name]?.shape == shape, "\(name): \(model[name]?.shapeDescription ?? "missing")")
            #expect(model["adam.\(name).m"]?.shape == shape && model["adam.\(name).v"]?.shape == shape, "adam state of \(name)")
            #expect(model[name]?.firstNonFinite == nil)
        }
        #expect(model["encoder.1.weight"] == nil && model["decoder.1.weight"] == nil)
        for key in ["heldout_nelbo", "heldout_recon", "heldout_kl", "train_nelbo", "train_recon", "train_kl"] {
            let value = try #require(model.attribute(key)?.number, "no \(key)")
            #expect(value.isFinite && value >= 0, "\(key) \(value)")
        }
        let nelbo = model.attribute("heldout_nelbo")!.number!
        #expect(abs(nelbo - model.attribute("heldout_recon")!.number! - model.attribute("heldout_kl")!.number!) <= 1e-3 * nelbo)
        let log = try String(contentsOf: VAEFixtures.directory.appendingPathComponent("train.log"), encoding: .utf8)
        #expect(log.contains("epoch \(VAEFixtures.epochs)/\(VAEFixtures.epochs): train nELBO") && log.contains("held-out nELBO"), "\(log)")
    }

    @Test("vae-train --curve: the design's columns, one line per epoch, nELBO = recon + KL, falling")
    func curveColumns() throws {
        let text = try String(contentsOf: VAEFixtures.directory.appendingPathComponent("curve.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["epoch", "train_nelbo", "train_recon", "train_kl", "heldout_nelbo", "heldout_recon", "heldout_kl", "seconds"])
        #expect(lines.count == VAEFixtures.epochs + 1)
        let rows = lines.dropFirst().map { $0.map { Double($0) ?? .nan } }
        for (index, row) in rows.enumerated() {
            #expect(row.count == 8 && row.allSatisfy { $0.isFinite && $0 >= 0 }, "\(row)")
            guard row.count == 8 else { continue }
            #expect(row[0] == Double(index + 1))
            #expect(abs(row[1] - row[2] - row[3]) <= 1e-3 * row[1] && abs(row[4] - row[5] - row[6]) <= 1e-3 * row[4], "\(row)")
        }
        // Bernoulli nELBO of 64 intensities starts near 64 log 2 = 44 nats and falls with training.
        if let first = rows.first, let last = rows.last, first.count == 8, last.count == 8 {
            #expect(last[4] < first[4], "held-out nELBO \(first[4]) -> \(last[4])")
            #expect(first[4] < 64 * log(2.0) + 10)
        }
        let model = try VAEFixtures.model("vae2.lpt")
        if let last = rows.last, last.count == 8, let stored = model.attribute("heldout_nelbo")?.number {
            #expect(abs(stored - last[4]) <= 1e-4 * stored, "model \(stored), curve \(last[4])")
        }
    }

    @Test("vae-train: the same seed gives the same bytes, another seed others; --save-every changes nothing")
    func sameSeedSameBytes() throws {
        let directory = try ToolProcess.temporaryDirectory()
        func train(_ seed: String, _ extra: [String] = [], to name: String) throws -> Data {
            let options = ["--latent", "2", "--hidden", "8", "--epochs", "2", "--batch-size", "100", "--holdout", "100", "--seed", seed]
            let result = try ToolProcess.run("vae-train", options + extra + ["-o", name, VAEFixtures.digits], directory: directory)
            #expect(result.status == 0, "\(result.stderr)")
            return try Data(contentsOf: directory.appendingPathComponent(name))
        }
        let first = try train("3", to: "a.lpt"), again = try train("3", to: "b.lpt"), other = try train("4", to: "c.lpt")
        #expect(!first.isEmpty && first == again)
        #expect(first != other)
        #expect(try train("3", ["--save-every", "1"], to: "d.lpt") == first)
    }

    @Test("vae-train --resume: E1 epochs, then E2 more, is byte for byte the run of E1 + E2 epochs")
    func resumeContinuesExactly() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let digits = VAEFixtures.digits
        let first = try ToolProcess.run("vae-train", VAEFixtures.training + ["--epochs", "2", "-o", "half.lpt", digits], directory: directory)
        #expect(first.status == 0, "\(first.stderr)")
        // The architecture and the training settings come from the model.
        let resumed = try ToolProcess.run("vae-train", ["--resume", "half.lpt", "--epochs", "2", "--curve", "rest.csv", "-o", "resumed.lpt", digits],
                                          directory: directory)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let whole = try Data(contentsOf: VAEFixtures.directory.appendingPathComponent("vae2.lpt"))
        let continued = try Data(contentsOf: directory.appendingPathComponent("resumed.lpt"))
        #expect(whole == continued, "4 epochs differ from 2 + 2 resumed")
        // The resumed curve numbers its epochs on from the model's.
        let curve = try String(contentsOf: directory.appendingPathComponent("rest.csv"), encoding: .utf8).split(separator: "\n")
        #expect(curve.count == 3 && curve[1].hasPrefix("3,") && curve[2].hasPrefix("4,"), "\(curve)")
        // Resuming with another architecture is refused before any work.
        let clash = try ToolProcess.run("vae-train", ["--resume", "half.lpt", "--latent", "3", "-o", "x.lpt", digits], directory: directory)
        #expect(clash.status == 2 && clash.stderr.hasPrefix("vae-train: ") && clash.stderr.contains("--latent"), "\(clash.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.lpt").path))
    }

    @Test("vae-encode: mu and logvar [N, D], data = mu, labels and attributes passed through; --elbo per row")
    func encodeShapes() throws {
        let (frames, _) = try VAEFixtures.run("vae-encode", ["--model", "vae2.lpt", "--elbo", VAEFixtures.digits])
        let input = try #require(try VAEFixtures.frames(VAEFixtures.digits).first)
        let codes = try #require(frames.first)
        #expect(frames.count == 1)
        let (mu, logvar, data) = (try #require(codes["mu"]), try #require(codes["logvar"]), try #require(codes["data"]))
        #expect(mu.shape == [1797, 2] && logvar.shape == [1797, 2])
        #expect(data == mu)
        #expect(codes["labels"] == input["labels"] && codes["labels"] != nil)
        #expect(codes.attribute("patch_height") == input.attribute("patch_height"))
        #expect(codes.attribute("source") == input.attribute("source"))
        #expect(mu.firstNonFinite == nil && logvar.firstNonFinite == nil)
        // Per-row terms: KL in closed form from the row's mu and logvar, nELBO = recon + KL.
        let (nelbo, recon, kl) = (try #require(codes["nelbo"]), try #require(codes["recon"]), try #require(codes["kl"]))
        #expect(nelbo.shape == [1797] && recon.shape == [1797] && kl.shape == [1797])
        let (m, v) = (mu.floats.map(Double.init), logvar.floats.map(Double.init))
        for row in stride(from: 0, to: 1797, by: 97) {
            let expected = (0..<2).reduce(0.0) { sum, j in
                let (mean, log) = (m[2 * row + j], v[2 * row + j])
                return sum + 0.5 * (mean * mean + exp(log) - 1 - log)
            }
            #expect(abs(Double(kl.floats[row]) - expected) <= 1e-4 * max(1, expected), "row \(row): kl \(kl.floats[row]), closed form \(expected)")
            #expect(abs(nelbo.floats[row] - recon.floats[row] - kl.floats[row]) <= 1e-4 * nelbo.floats[row])
            #expect(recon.floats[row] > 0)
        }
        // The codes of different digits differ.
        #expect(Set(mu.floats).count > 100)
    }

    @Test("vae-encode: same seed same bytes (--elbo draws), streaming frame by frame, --report")
    func encodeSeededAndStreaming() throws {
        let directory = VAEFixtures.directory
        let a = try ToolProcess.run("vae-encode", ["--model", "vae2.lpt", "--elbo", "--seed", "2", VAEFixtures.digits], directory: directory)
        let b = try ToolProcess.run("vae-encode", ["--model", "vae2.lpt", "--elbo", "--seed", "2", VAEFixtures.digits], directory: directory)
        let c = try ToolProcess.run("vae-encode", ["--model", "vae2.lpt", "--elbo", "--seed", "3", VAEFixtures.digits], directory: directory)
        #expect(a.status == 0 && !a.stdout.isEmpty && a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
        // Two frames in, two frames out, each coded as when alone.
        let twice = try VAEFixtures.run("vae-encode", ["--model", "vae2.lpt", "--report", VAEFixtures.digits, VAEFixtures.digits])
        #expect(twice.frames.count == 2 && twice.frames.first?["mu"] == twice.frames.last?["mu"])
        let lines = twice.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("vae-encode: 3594 rows") && lines[0].contains("mean sigma"), "\(twice.stderr)")
    }

    @Test("vae-sample --count: decoded prior samples [N, 64] in [0, 1] (Bernoulli), latent [N, D], seeded, drawn by montage")
    func sampleCount() throws {
        let (frames, _) = try VAEFixtures.run("vae-sample", ["--model", "vae2.lpt", "--count", "10", "--seed", "1"])
        let frame = try #require(frames.first)
        #expect(frames.count == 1)
        let data = try #require(frame["data"]), latent = try #require(frame["latent"])
        #expect(data.shape == [10, 64] && latent.shape == [10, 2])
        #expect(data.floats.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(Set(data.floats).count > 10, "the samples are all alike")
        #expect(frame.attribute("patch_height")?.number == 8 && frame.attribute("patch_width")?.number == 8)
        let directory = VAEFixtures.directory
        let again = try ToolProcess.run("vae-sample", ["--model", "vae2.lpt", "--count", "10", "--seed", "1"], directory: directory)
        let other = try ToolProcess.run("vae-sample", ["--model", "vae2.lpt", "--count", "10", "--seed", "2"], directory: directory)
        let first = try ToolProcess.run("vae-sample", ["--model", "vae2.lpt", "--count", "10", "--seed", "1"], directory: directory)
        #expect(first.stdout == again.stdout && first.stdout != other.stdout)
        let drawn = try ToolProcess.shell("vae-sample --model vae2.lpt --count 16 | montage --cols 4 -o samples.png", directory: directory)
        #expect(drawn.status == 0, "\(drawn.stderr)")
        let png = try Data(contentsOf: directory.appendingPathComponent("samples.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test("vae-sample --grid N --range R: N x N latents, z2 from +R down the rows, z1 from -R along them")
    func sampleGrid() throws {
        let (frames, _) = try VAEFixtures.run("vae-sample", ["--model", "vae2.lpt", "--grid", "4", "--range", "1.5"])
        let frame = try #require(frames.first)
        let latent = try #require(frame["latent"])
        #expect(frame["data"]?.shape == [16, 64] && latent.shape == [16, 2])
        #expect(frame["data"]?.floats.allSatisfy { $0 >= 0 && $0 <= 1 } == true)
        for row in 0..<4 {
            for column in 0..<4 {
                let index = row * 4 + column
                #expect(abs(latent.floats[2 * index] - Float(-1.5 + Double(column))) < 1e-6, "z1 at \(row), \(column)")
                #expect(abs(latent.floats[2 * index + 1] - Float(1.5 - Double(row))) < 1e-6, "z2 at \(row), \(column)")
            }
        }
        let drawn = try ToolProcess.shell("vae-sample --model vae2.lpt --grid 5 | montage --cols 5 -o grid.png", directory: VAEFixtures.directory)
        #expect(drawn.status == 0, "\(drawn.stderr)")
    }

    @Test("vae-sample --from decodes given latents; --interpolate K puts K evenly spaced points from each row to the next")
    func sampleFromAndInterpolate() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let codes = directory.appendingPathComponent("codes.lpt").path
        let ends: [Float] = [-1, 0.5, 2, -1, 0, 0]
        try Data(HandFrame.encode([HandFrame.f32("data", [3, 2], ends)])).write(to: URL(fileURLWithPath: codes))
        let model = VAEFixtures.path("vae2.lpt")
        let (fromFrames, _) = try VAEFixtures.run("vae-sample", ["--model", model, "--from", codes], in: directory)
        let decoded = try #require(fromFrames.first)
        #expect(decoded["latent"]?.floats == ends)
        let data = try #require(decoded["data"])
        #expect(data.shape == [3, 64] && data.floats.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(data.floats[0..<64] != data.floats[64..<128])

        let (lineFrames, _) = try VAEFixtures.run("vae-sample", ["--model", model, "--from", codes, "--interpolate", "5"], in: directory)
        let line = try #require(lineFrames.first)
        let latent = try #require(line["latent"])
        // 3 rows, 2 segments of 5 points sharing their ends: 9 latents.
        #expect(latent.shape == [9, 2] && line["data"]?.shape == [9, 64])
        for (index, t) in [0, 0.25, 0.5, 0.75, 1].enumerated() {
            for j in 0..<2 {
                let expected = Double(ends[j]) + t * Double(ends[2 + j] - ends[j])
                #expect(abs(Double(latent.floats[2 * index + j]) - expected) < 1e-6, "point \(index), z\(j + 1)")
            }
        }
        #expect(Array(latent.floats[16..<18]) == [0, 0])
        // The ends are the given rows, decoded as --from decodes them.
        let lineData = line["data"]?.floats ?? []
        for (mine, theirs) in [(0, 0), (4, 1), (8, 2)] where lineData.count == 9 * 64 {
            for k in 0..<64 { #expect(abs(lineData[64 * mine + k] - data.floats[64 * theirs + k]) < 1e-6) }
        }
    }

    @Test("vae-encode then vae-sample --from: decoding the codes of digits gives images near the digits")
    func encodeThenDecode() throws {
        let directory = VAEFixtures.directory
        let run = try ToolProcess.shell("vae-encode --model vae2.lpt \(VAEFixtures.digits) | vae-sample --model vae2.lpt --from - -o back.lpt",
                                        directory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let back = try #require(try VAEFixtures.frames(VAEFixtures.path("back.lpt")).first?["data"])
        let input = try #require(try VAEFixtures.frames(VAEFixtures.digits).first?["data"])
        #expect(back.shape == input.shape)
        // Mean squared error of the reconstructions against that of the mean image: a model of
        // the digits, even a small one trained briefly, reconstructs better than the mean does.
        let (x, y) = (input.floats, back.floats)
        let mean = (0..<64).map { k in stride(from: k, to: x.count, by: 64).reduce(0.0) { $0 + Double(x[$1]) } / 1797 }
        let reconstruction = zip(x, y).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        let baseline = x.indices.reduce(0.0) { $0 + (Double(x[$1]) - mean[$1 % 64]) * (Double(x[$1]) - mean[$1 % 64]) }
        #expect(reconstruction < baseline, "reconstruction error \(reconstruction), mean image \(baseline)")
    }
}
