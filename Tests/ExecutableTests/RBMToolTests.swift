import Foundation
import Testing
import TensorCore

/// Small RBMs of the 8x8 digits, trained once for the RBM tool tests (32 hidden units, a few
/// epochs: well under a second each).
enum RBMFixtures {
    static let digits = ToolProcess.sample("digits-8x8.lpt")
    /// The options of `pcd.lpt` (persistent CD, the default) that the tests retrain.
    static let training = ["--hidden", "32", "--holdout", "300", "--seed", "5"]
    static let epochs = 4

    /// A folder with `pcd.lpt` (the options above, `epochs` epochs, its curve `curve.csv` and
    /// its stderr `train.log`, with --progress and --report) and `cd.lpt` (CD-2, 16 hidden, 1 epoch).
    static let directory: URL = {
        let directory = try! ToolProcess.temporaryDirectory()
        let pcd = try! ToolProcess.run("rbm-train", training + ["--epochs", String(epochs), "--curve", "curve.csv", "--progress", "--report",
                                                                "-o", "pcd.lpt", digits], directory: directory)
        precondition(pcd.status == 0, "rbm-train: \(pcd.stderr)")
        try! Data(pcd.stderr.utf8).write(to: directory.appendingPathComponent("train.log"))
        let cd = try! ToolProcess.run("rbm-train", ["--hidden", "16", "--cd", "2", "--epochs", "1", "-o", "cd.lpt", digits], directory: directory)
        precondition(cd.status == 0, "rbm-train: \(cd.stderr)")
        return directory
    }()

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func model(_ name: String) throws -> Frame {
        try #require(try VAEFixtures.frames(path(name)).first)
    }

    /// The rows of the curve CSV as numbers (nil for an empty cell), after checking the header.
    static func curve() throws -> [[Double?]] {
        let text = try String(contentsOf: directory.appendingPathComponent("curve.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "epoch,train_recon,train_pll,train_free_energy,heldout_recon,heldout_pll,heldout_free_energy,seconds")
        return lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) } }
    }
}

/// `rbm-train`, `rbm-sample` and `embed --model RBM` end to end on the 8x8 digits.
struct RBMToolTests {
    @Test("rbm-train writes a kind=rbm model: W, biases, PCD's chains, the settings, the geometry, progress")
    func trainWritesAModel() throws {
        let model = try RBMFixtures.model("pcd.lpt")
        #expect(model.attribute("kind")?.string == "rbm")
        #expect(model.attribute("visible")?.number == 64 && model.attribute("hidden")?.number == 32)
        #expect(model.attribute("epochs")?.number == Double(RBMFixtures.epochs))
        // scikit-learn's defaults: persistent CD with one chain per batch row, lr 0.1, batches of 10.
        #expect(model.attribute("method")?.string == "pcd:10" && model.attribute("steps")?.number == 1)
        #expect(model.attribute("lr")?.number == 0.1 && model.attribute("batch_size")?.number == 10)
        #expect(model.attribute("seed")?.string == "5" && model.attribute("holdout")?.number == 300)
        #expect(model.attribute("order")?.string == "shuffled")
        #expect(model.attribute("patch_height")?.number == 8 && model.attribute("patch_width")?.number == 8)
        #expect(model["weight"]?.shape == [64, 32] && model["visible_bias"]?.shape == [64] && model["hidden_bias"]?.shape == [32])
        let chains = try #require(model["chains"])
        #expect(chains.shape == [10, 32] && chains.floats.allSatisfy { $0 == 0 || $0 == 1 })
        let log = try String(contentsOf: RBMFixtures.directory.appendingPathComponent("train.log"), encoding: .utf8)
        let lines = log.split(separator: "\n")
        #expect(lines.count == RBMFixtures.epochs + 1, "\(log)")
        #expect(lines.first?.hasPrefix("rbm-train: epoch 1/\(RBMFixtures.epochs): train recon ") == true)
        #expect(lines.last?.contains("64 visible, 32 hidden, pcd:10") == true && lines.last?.contains("s per epoch") == true)

        let cd = try RBMFixtures.model("cd.lpt")
        #expect(cd.attribute("method")?.string == "cd:2" && cd.attribute("steps")?.number == 2 && cd["chains"] == nil)
        // Without held-out rows the model records the training evaluation only.
        #expect(cd.attribute("train_pll") != nil && cd.attribute("heldout_pll") == nil)
    }

    @Test("--curve: one line per epoch, every column a number, the model's last evaluation")
    func curveColumns() throws {
        let rows = try RBMFixtures.curve()
        #expect(rows.count == RBMFixtures.epochs)
        for (index, row) in rows.enumerated() {
            #expect(row.count == 8 && row.allSatisfy { $0 != nil }, "line \(index + 1): \(row)")
            #expect(row[0] == Double(index + 1))
            #expect((row[1] ?? -1) >= 0 && (row[4] ?? -1) >= 0 && (row[2] ?? 1) < 0 && (row[5] ?? 1) < 0 && (row[7] ?? -1) >= 0)
        }
        let model = try RBMFixtures.model("pcd.lpt")
        let last = try #require(rows.last)
        for (key, column) in [("train_recon", 1), ("train_pll", 2), ("train_free_energy", 3), ("heldout_recon", 4), ("heldout_pll", 5),
                              ("heldout_free_energy", 6)] {
            let recorded = try #require(model.attribute(key)?.number)
            #expect(abs(recorded - last[column]!) <= 1e-6 * abs(recorded), "\(key): \(recorded) vs \(last[column]!)")
        }
    }

    @Test("the held-out pseudo-log-likelihood improves over the epochs, from an untrained machine's 64 log 1/2")
    func heldOutLikelihoodImproves() throws {
        let rows = try RBMFixtures.curve()
        let (first, last) = (try #require(rows.first?[5]), try #require(rows.last?[5]))
        // W ~ N(0, 0.01^2), b = c = 0: every conditional is about 1/2, PLL ≈ 64 log(1/2) = -44.4.
        #expect(first > 64 * log(0.5) + 5, "epoch 1: \(first)")
        #expect(last > first + 1, "held-out PLL \(first) → \(last)")
    }

    @Test("same seed, same bytes; another seed, another model")
    func sameSeedSameBytes() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let arguments = RBMFixtures.training + ["--epochs", String(RBMFixtures.epochs), "--curve", "curve.csv", RBMFixtures.digits]
        let again = try ToolProcess.run("rbm-train", arguments, directory: directory)
        #expect(again.status == 0, "\(again.stderr)")
        let saved = try Data(contentsOf: URL(fileURLWithPath: RBMFixtures.path("pcd.lpt")))
        #expect(again.stdout == saved)
        let other = try ToolProcess.run("rbm-train", ["--hidden", "32", "--holdout", "300", "--seed", "6", "--epochs", "1", RBMFixtures.digits])
        #expect(other.status == 0 && other.stdout != again.stdout)
        let cd = try ToolProcess.run("rbm-train", ["--hidden", "16", "--cd", "2", "--epochs", "1", RBMFixtures.digits])
        let savedCD = try Data(contentsOf: URL(fileURLWithPath: RBMFixtures.path("cd.lpt")))
        #expect(cd.status == 0 && cd.stdout == savedCD)
        // --in-order (scikit-learn's order) is a different run, and as repeatable.
        let inOrder = ["--hidden", "16", "--cd", "2", "--epochs", "1", "--in-order", RBMFixtures.digits]
        let (first, second) = (try ToolProcess.run("rbm-train", inOrder), try ToolProcess.run("rbm-train", inOrder))
        #expect(first.status == 0 && first.stdout == second.stdout && first.stdout != savedCD)
        let frames = try VAEFixtures.frames(first.stdout, in: directory)
        #expect(frames.first?.attribute("order")?.string == "in-order")
    }

    @Test("rbm-sample: [count, 64] pictures in [0, 1] and binary states, the digits' geometry, same seed same bytes")
    func sampleShapeRangeAndDeterminism() throws {
        let arguments = ["--model", RBMFixtures.path("pcd.lpt"), "--steps", "50", "--count", "12", "--seed", "3"]
        let (frames, _) = try VAEFixtures.run("rbm-sample", arguments, in: RBMFixtures.directory)
        let frame = try #require(frames.first)
        #expect(frames.count == 1)
        let data = try #require(frame["data"]), states = try #require(frame["states"])
        #expect(data.shape == [12, 64] && states.shape == [12, 64])
        #expect(data.floats.allSatisfy { $0 >= 0 && $0 <= 1 } && states.floats.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(Set(states.floats).count == 2)
        #expect(frame.attribute("patch_height")?.number == 8 && frame.attribute("patch_width")?.number == 8)
        let first = try ToolProcess.run("rbm-sample", arguments), second = try ToolProcess.run("rbm-sample", arguments)
        #expect(first.status == 0 && first.stdout == second.stdout)
        let reseeded = try ToolProcess.run("rbm-sample", Array(arguments.dropLast()) + ["4"])
        #expect(reseeded.status == 0 && reseeded.stdout != first.stdout)

        let (chains, _) = try VAEFixtures.run("rbm-sample", ["--model", RBMFixtures.path("pcd.lpt"), "--steps", "5", "--from-chains"], in: RBMFixtures.directory)
        #expect(chains.first?["data"]?.shape == [10, 64] && chains.first?["states"]?.shape == [10, 64])
        // The pictures montage draws.
        let montage = try ToolProcess.shell("rbm-sample --model '\(RBMFixtures.path("pcd.lpt"))' --count 16 --steps 20 | montage --cols 4 -o m.png",
                                            directory: try ToolProcess.temporaryDirectory())
        #expect(montage.status == 0, "\(montage.stderr)")
    }

    @Test("embed --model RBM writes p(h = 1 | v) = sigmoid(v W + c), from the file's tensors")
    func embedGivesHiddenProbabilities() throws {
        let model = try RBMFixtures.model("pcd.lpt")
        let (frames, _) = try VAEFixtures.run("embed", ["--model", RBMFixtures.path("pcd.lpt"), RBMFixtures.digits], in: RBMFixtures.directory)
        let codes = try #require(frames.first?["data"])
        let rows = try #require(try VAEFixtures.frames(RBMFixtures.digits).first?["data"])
        #expect(codes.shape == [rows.shape[0], 32])
        #expect(frames.first?["labels"] != nil)
        let x = rows.floats.map(Double.init)
        let affine = ContrastFixtures.dense(x, rows: rows.shape[0], weight: try #require(model["weight"]), bias: try #require(model["hidden_bias"]), relu: false)
        let worst = zip(codes.floats, affine).map { abs(Double($0) - 1 / (1 + exp(-$1))) }.max() ?? .infinity
        #expect(worst < 1e-5, "largest difference \(worst)")
    }
}
