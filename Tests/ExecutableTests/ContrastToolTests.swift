import Foundation
import Testing
import TensorCore

/// Small contrastive models of the 8x8 digits, trained once for the contrast-train and embed
/// tests (hidden layers of tens of units, a few epochs: seconds in a debug build).
enum ContrastFixtures {
    static let digits = ToolProcess.sample("digits-8x8.lpt")
    /// The options of `model.lpt` (one hidden layer) and its epochs.
    static let training = ["--hidden", "32", "--dim", "16", "--batch-size", "128", "--holdout", "200", "--seed", "3"]
    static let epochs = 4

    /// A folder with `model.lpt` (the options above, `epochs` epochs, its curve `curve.csv` and
    /// its stderr `train.log`, with --progress) and `deep.lpt` (two hidden layers, 24 and 16
    /// wide, dim 8, 2 epochs; its --report line in `deep.log`).
    static let directory: URL = {
        let directory = try! ToolProcess.temporaryDirectory()
        let model = try! ToolProcess.run("contrast-train", training + ["--epochs", String(epochs), "--curve", "curve.csv", "--progress", "-o", "model.lpt", digits],
                                         directory: directory)
        precondition(model.status == 0, "contrast-train: \(model.stderr)")
        try! Data(model.stderr.utf8).write(to: directory.appendingPathComponent("train.log"))
        let deep = try! ToolProcess.run("contrast-train", ["--hidden", "24,16", "--dim", "8", "--epochs", "2", "--batch-size", "128", "--seed", "4",
                                                           "--report", "-o", "deep.lpt", digits], directory: directory)
        precondition(deep.status == 0, "contrast-train: \(deep.stderr)")
        try! Data(deep.stderr.utf8).write(to: directory.appendingPathComponent("deep.log"))
        return directory
    }()

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The model frame of a file contrast-train wrote.
    static func model(_ path: String) throws -> Frame {
        try #require(try VAEFixtures.frames(path).first)
    }

    /// `x W + b` for rows `x` `[rows, W.shape[0]]`, W stored `[inputs, outputs]`, in Double,
    /// through a ReLU when `relu`.
    static func dense(_ x: [Double], rows: Int, weight: Tensor, bias: Tensor, relu: Bool) -> [Double] {
        let (inputs, outputs) = (weight.shape[0], weight.shape[1])
        let w = weight.floats.map(Double.init), b = bias.floats.map(Double.init)
        var y = [Double](repeating: 0, count: rows * outputs)
        for row in 0..<rows {
            for j in 0..<outputs {
                var sum = b[j]
                for k in 0..<inputs { sum += x[row * inputs + k] * w[k * outputs + j] }
                y[row * outputs + j] = relu ? max(0, sum) : sum
            }
        }
        return y
    }

    /// The representation h of the design: the encoder's ReLU layers in order, computed here
    /// from the model file's tensors.
    static func represent(_ x: [Double], rows: Int, model: Frame) throws -> [Double] {
        var h = x
        var layer = 0
        while let weight = model["encoder.\(layer).weight"] {
            h = dense(h, rows: rows, weight: weight, bias: try #require(model["encoder.\(layer).bias"]), relu: true)
            layer += 1
        }
        #expect(layer > 0)
        return h
    }

    /// The unit-length projection z = g(h) / |g(h)|: head.0 with a ReLU, head.1 linear.
    static func unitProjection(_ x: [Double], rows: Int, model: Frame) throws -> [Double] {
        let h = try represent(x, rows: rows, model: model)
        let hidden = dense(h, rows: rows, weight: try #require(model["head.0.weight"]), bias: try #require(model["head.0.bias"]), relu: true)
        let head = try #require(model["head.1.weight"])
        var z = dense(hidden, rows: rows, weight: head, bias: try #require(model["head.1.bias"]), relu: false)
        let width = head.shape[1]
        for row in 0..<rows {
            let norm = (0..<width).reduce(0.0) { $0 + z[row * width + $1] * z[row * width + $1] }.squareRoot()
            for j in 0..<width { z[row * width + j] /= norm }
        }
        return z
    }

    /// Expects `actual` (a tool's f32 output) to be `expected` to float rounding.
    static func expectClose(_ actual: [Float], _ expected: [Double], _ what: String) {
        #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)")
        let worst = zip(actual, expected).map { abs(Double($0) - $1) / (1 + abs($1)) }.max() ?? .infinity
        #expect(worst < 1e-5, "\(what): largest relative difference \(worst)")
    }
}

/// `contrast-train` and `embed` end to end on the 8x8 digits: the model file, seeds, the
/// curve, embed against a forward pass computed here, VAE means, and the probe pipeline.
struct ContrastToolTests {
    @Test("contrast-train writes a kind=contrastive model: the design's tensors and shapes, attributes, progress")
    func trainWritesAModel() throws {
        let model = try ContrastFixtures.model(ContrastFixtures.path("model.lpt"))
        #expect(model.attribute("kind")?.string == "contrastive")
        #expect(model.attribute("features")?.number == 64 && model.attribute("hidden")?.string == "32" && model.attribute("dim")?.number == 16)
        #expect(model.attribute("epochs")?.number == Double(ContrastFixtures.epochs))
        #expect(model.attribute("patch_height")?.number == 8 && model.attribute("patch_width")?.number == 8)
        // The projection head's hidden layer is as wide as h (SimCLR).
        let shapes: [(String, [Int])] = [("encoder.0.weight", [64, 32]), ("encoder.0.bias", [32]), ("head.0.weight", [32, 32]), ("head.0.bias", [32]),
                                         ("head.1.weight", [32, 16]), ("head.1.bias", [16])]
        #expect(model.tensors.map(\.name) == shapes.map(\.0))
        for (name, shape) in shapes {
            #expect(model[name]?.shape == shape, "\(name): \(model[name]?.shapeDescription ?? "missing")")
            #expect(model[name]?.firstNonFinite == nil)
        }
        let deep = try ContrastFixtures.model(ContrastFixtures.path("deep.lpt"))
        let deepShapes: [(String, [Int])] = [("encoder.0.weight", [64, 24]), ("encoder.0.bias", [24]), ("encoder.1.weight", [24, 16]), ("encoder.1.bias", [16]),
                                             ("head.0.weight", [16, 16]), ("head.0.bias", [16]), ("head.1.weight", [16, 8]), ("head.1.bias", [8])]
        #expect(deep.tensors.map(\.name) == deepShapes.map(\.0))
        for (name, shape) in deepShapes { #expect(deep[name]?.shape == shape, "deep \(name)") }
        let report = try String(contentsOf: ContrastFixtures.directory.appendingPathComponent("deep.log"), encoding: .utf8)
        #expect(report.split(separator: "\n").count == 1 && report.hasPrefix("contrast-train: hidden 24,16, dim 8, 64 features, temperature 0.5, negatives batch; ")
                && report.contains("2 epochs of 1797 images in batches of 128; final train loss") && report.contains("s per epoch"), "\(report)")
        let log = try String(contentsOf: ContrastFixtures.directory.appendingPathComponent("train.log"), encoding: .utf8)
        let lines = log.split(separator: "\n")
        #expect(lines.count == ContrastFixtures.epochs, "\(log)")
        for (index, line) in lines.enumerated() {
            #expect(line.hasPrefix("contrast-train: epoch \(index + 1)/\(ContrastFixtures.epochs): train loss") && line.contains("held-out"), "\(line)")
        }
    }

    @Test("contrast-train --curve: the header's columns on one line per epoch; gap = cos+ − cos−; the held-out gap grows")
    func curveColumnsAndGrowingGap() throws {
        let text = try String(contentsOf: ContrastFixtures.directory.appendingPathComponent("curve.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = ["epoch", "train_loss", "train_positive", "train_negative", "train_gap",
                      "heldout_loss", "heldout_positive", "heldout_negative", "heldout_gap", "seconds"]
        #expect(lines.first == header)
        #expect(lines.count == ContrastFixtures.epochs + 1)
        let rows = lines.dropFirst().map { $0.map { Double($0) ?? .nan } }
        for (index, row) in rows.enumerated() {
            #expect(row.count == header.count && row.allSatisfy(\.isFinite), "\(row)")
            guard row.count == header.count else { continue }
            #expect(row[0] == Double(index + 1))
            for start in [1, 5] {
                let (loss, positive, negative, gap) = (row[start], row[start + 1], row[start + 2], row[start + 3])
                #expect(loss > 0 && abs(positive) <= 1 && abs(negative) <= 1, "\(row)")
                #expect(abs(gap - (positive - negative)) < 1e-5, "\(row)")
            }
            #expect(row[9] >= 0)
        }
        // Training separates positive pairs from negative ones on images it has not seen.
        if let first = rows.first, let last = rows.last, first.count == header.count, last.count == header.count {
            #expect(last[8] > first[8] + 0.1, "held-out gap \(first[8]) -> \(last[8])")
            #expect(last[5] < first[5], "held-out loss \(first[5]) -> \(last[5])")
            let model = try ContrastFixtures.model(ContrastFixtures.path("model.lpt"))
            let stored = try #require(model.attribute("heldout_gap")?.number)
            #expect(abs(stored - last[8]) < 1e-5, "model \(stored), curve \(last[8])")
        }
    }

    @Test("contrast-train: the same seed gives the same bytes, another seed others, with each kind of negatives",
          arguments: ["batch", "bank:64", "queue:128"])
    func sameSeedSameBytes(negatives: String) throws {
        let directory = try ToolProcess.temporaryDirectory()
        func train(_ seed: String, to name: String) throws -> Data {
            let options = ["--hidden", "16", "--dim", "8", "--epochs", "2", "--batch-size", "100", "--holdout", "100", "--negatives", negatives, "--seed", seed]
            let result = try ToolProcess.run("contrast-train", options + ["-o", name, ContrastFixtures.digits], directory: directory)
            #expect(result.status == 0, "\(result.stderr)")
            return try Data(contentsOf: directory.appendingPathComponent(name))
        }
        let first = try train("3", to: "a.lpt"), again = try train("3", to: "b.lpt"), other = try train("4", to: "c.lpt")
        #expect(!first.isEmpty && first == again)
        #expect(first != other)
        let model = try ContrastFixtures.model(directory.appendingPathComponent("a.lpt").path)
        #expect(model.attribute("negatives")?.string == negatives)
        // The momentum each kind keeps by default: PIRL's bank entries 0.5, MoCo's key network
        // 0.99; in-batch negatives have none. Float settings are written as their decimal.
        if let momentum = ["bank:64": 0.5, "queue:128": 0.99][negatives] {
            #expect(model.attribute("momentum")?.number == momentum, "momentum \(String(describing: model.attribute("momentum")))")
        } else {
            #expect(model.attribute("momentum") == nil)
        }
        #expect(model.attribute("lr")?.number == 0.001)
    }

    @Test("contrast-train --epochs 0 writes the network training starts from, drawn as nn.Linear draws it")
    func zeroEpochsWritesTheInitialisedNetwork() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let options = ["--hidden", "32", "--dim", "16", "--batch-size", "128", "--seed", "9", ContrastFixtures.digits]
        let initial = try ToolProcess.run("contrast-train", options + ["--epochs", "0", "--curve", "none.csv", "-o", "initial.lpt"], directory: directory)
        #expect(initial.status == 0 && initial.stderr.isEmpty, "\(initial.stderr)")
        // One epoch at a step size far below a weight's rounding leaves the start as it is.
        let frozen = try ToolProcess.run("contrast-train", options + ["--epochs", "1", "--lr", "1e-12", "-o", "frozen.lpt"], directory: directory)
        #expect(frozen.status == 0, "\(frozen.stderr)")
        let trained = try ToolProcess.run("contrast-train", options + ["--epochs", "1", "-o", "trained.lpt"], directory: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        let model = try ContrastFixtures.model(directory.appendingPathComponent("initial.lpt").path)
        let still = try ContrastFixtures.model(directory.appendingPathComponent("frozen.lpt").path)
        let moved = try ContrastFixtures.model(directory.appendingPathComponent("trained.lpt").path)
        #expect(model.attribute("epochs")?.number == 0 && model.attribute("train_loss") == nil)
        #expect(try String(contentsOf: directory.appendingPathComponent("none.csv"), encoding: .utf8).split(separator: "\n").count == 1)
        #expect(model.tensors.count == 6)
        for (name, tensor) in model.tensors {
            // nn.Linear: weights and biases uniform in ±1/sqrt(inputs).
            let weight = try #require(model[name.replacingOccurrences(of: ".bias", with: ".weight")])
            let inputs = weight.shape[0]
            let bound = 1 / Double(inputs).squareRoot()
            let values = tensor.floats.map(Double.init)
            #expect(values.allSatisfy { abs($0) <= bound }, "\(name) outside ±\(bound)")
            if values.count >= 256 {
                #expect(values.map(abs).max()! > 0.9 * bound, "\(name) does not fill ±\(bound)")
                #expect(abs(values.reduce(0, +) / Double(values.count)) < 0.1 * bound, "\(name) is not centred")
            }
            let start = try #require(still[name]).floats
            #expect(zip(tensor.floats, start).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($0)) }, "\(name): the start of training differs")
            #expect(try #require(moved[name]).floats != tensor.floats, "\(name): an epoch of training left it alone")
        }
    }

    @Test("embed: h and --projection's unit z equal a forward pass computed from the file; labels and attributes pass through",
          arguments: ["model.lpt", "deep.lpt"])
    func embedIsTheForwardPass(name: String) throws {
        let path = ContrastFixtures.path(name)
        let model = try ContrastFixtures.model(path)
        let input = try #require(try VAEFixtures.frames(ContrastFixtures.digits).first)
        let x = try #require(input["data"]).floats.map(Double.init)
        let (frames, stderr) = try VAEFixtures.run("embed", ["--model", path, ContrastFixtures.digits], in: ContrastFixtures.directory)
        #expect(stderr.isEmpty)
        let codes = try #require(frames.first)
        #expect(frames.count == 1)
        let width = try #require(model[model["encoder.1.weight"] == nil ? "encoder.0.bias" : "encoder.1.bias"]).shape[0]
        #expect(codes["data"]?.shape == [1797, width])
        let h = try ContrastFixtures.represent(x, rows: 1797, model: model)
        ContrastFixtures.expectClose(try #require(codes["data"]).floats, h, "\(name) h")
        // ReLU units: some off, most rows with some on.
        #expect(h.contains(0) && h.contains { $0 > 0 })
        #expect(codes["labels"] != nil && codes["labels"] == input["labels"])
        #expect(codes.attributes.map(\.key) == input.attributes.map(\.key))
        #expect(codes.attribute("source") == input.attribute("source"))

        let (projected, _) = try VAEFixtures.run("embed", ["--model", path, "--projection", ContrastFixtures.digits], in: ContrastFixtures.directory)
        let z = try #require(projected.first?["data"])
        let dimension = try #require(model["head.1.bias"]).shape[0]
        #expect(z.shape == [1797, dimension])
        ContrastFixtures.expectClose(z.floats, try ContrastFixtures.unitProjection(x, rows: 1797, model: model), "\(name) z")
        for row in 0..<1797 {
            let norm = (0..<dimension).reduce(0.0) { $0 + Double(z.floats[row * dimension + $1]) * Double(z.floats[row * dimension + $1]) }.squareRoot()
            #expect(abs(norm - 1) < 1e-5, "row \(row): |z| = \(norm)")
        }
        #expect(projected.first?["labels"] == input["labels"])
    }

    @Test("embed codes frame by frame: two frames in, two frames out, each as when alone")
    func embedStreamsFrames() throws {
        let path = ContrastFixtures.path("model.lpt")
        let (once, _) = try VAEFixtures.run("embed", ["--model", path, ContrastFixtures.digits], in: ContrastFixtures.directory)
        let (twice, _) = try VAEFixtures.run("embed", ["--model", path, ContrastFixtures.digits, ContrastFixtures.digits], in: ContrastFixtures.directory)
        #expect(twice.count == 2 && once.count == 1)
        #expect(twice.first == once.first && twice.last == once.first)
    }

    @Test("embed of a vae-train model writes vae-encode's data, the means")
    func embedOfAVAEIsItsMean() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let train = try ToolProcess.run("vae-train", ["--latent", "3", "--hidden", "8", "--epochs", "1", "--seed", "2", "-o", "vae.lpt", ContrastFixtures.digits],
                                        directory: directory)
        #expect(train.status == 0, "\(train.stderr)")
        let (encoded, _) = try VAEFixtures.run("vae-encode", ["--model", "vae.lpt", ContrastFixtures.digits], in: directory)
        let (embedded, stderr) = try VAEFixtures.run("embed", ["--model", "vae.lpt", ContrastFixtures.digits], in: directory)
        #expect(stderr.isEmpty)
        let mu = try #require(encoded.first?["data"]), codes = try #require(embedded.first)
        #expect(mu.shape == [1797, 3])
        #expect(codes["data"] == mu)
        #expect(codes["labels"] != nil && codes["labels"] == encoded.first?["labels"])
    }

    @Test("contrast-train | embed | linear-probe on the digits: the pipeline runs and prints an accuracy")
    func probePipeline() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let digits = ContrastFixtures.digits
        let run = try ToolProcess.shell(
            "contrast-train --hidden 32 --dim 16 --epochs 3 --batch-size 128 --seed 2 \(digits) | embed --model - \(digits) | linear-probe --C 1 --seed 1",
            directory: directory)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        let text = String(decoding: run.stdout, as: UTF8.self)
        #expect(text.hasPrefix("1797 rows, 32 features, 10 classes"), "\(text)")
        let accuracy = try LinearProbeTests.accuracy(run.stdout)
        #expect(accuracy > 0.5 && accuracy <= 1, "accuracy \(accuracy)")
    }
}
