import ModelFiles
import TensorCore
import Testing
import VariationalCoding

/// The VAE model file: round trips (weights, Adam state, settings), resuming from a file as
/// from memory, and the refusal of every kind of unusable file.
struct VAEModelTests {
    static let gaussian = VAEArchitecture(features: 5, hidden: [4, 3], latent: 2, likelihood: .gaussian(standardDeviation: 0.5))
    static let bernoulli = VAEArchitecture(features: 5, hidden: [4], latent: 2, likelihood: .bernoulli)

    /// Adam moments for `architecture`, made up (m signed, v ≥ 0), after `steps` steps.
    static func adamState(_ architecture: VAEArchitecture, steps: Int) -> VAEAdamState {
        let shapes = architecture.parameterShapes
        func moments(_ value: (Int) -> Float) -> [VAEParameter] {
            shapes.map { VAEParameter(name: $0.name, shape: $0.shape, values: (0..<$0.shape.reduce(1, *)).map(value)) }
        }
        return VAEAdamState(steps: steps, first: moments { Float($0 % 5) / 10 - 0.2 }, second: moments { Float($0 % 3) / 100 })
    }

    static func frame(_ architecture: VAEArchitecture = gaussian, adam: Bool = true) throws -> Frame {
        let model = try VariationalAutoEncoder(architecture: architecture, seed: 3)
        return VAEModel.frame(of: model, adamState: adam ? adamState(architecture, steps: 7) : nil, epochs: 2,
                              attributes: [("patch_height", .number(1))])
    }

    @Test func roundTrip() throws {
        let model = try VariationalAutoEncoder(architecture: Self.gaussian, seed: 3)
        let read = try ModelFileTests.throughFile(try Self.frame(), VAEModel.read(path:))
        #expect(read.autoEncoder == model)
        #expect(read.architecture == Self.gaussian)
        #expect(read.adamState == Self.adamState(Self.gaussian, steps: 7))
        #expect(read.epochs == 2)
        #expect(read.frame.attribute("kind")?.string == "vae" && read.frame.attribute("hidden")?.string == "4,3")
        #expect(read.frame.attribute("likelihood")?.string == "gaussian" && read.frame.attribute("output_sd")?.number == 0.5)
        #expect(read.frame.attribute("patch_height")?.number == 1)
        #expect(read.frame["encoder.1.weight"]?.shape == [4, 3] && read.frame["adam.decoder.1.bias.v"]?.shape == [4])
        #expect(try read.trainingSettings() == nil)
        let bare = try ModelFileTests.throughFile(try Self.frame(Self.bernoulli, adam: false), VAEModel.read(path:))
        #expect(bare.adamState == nil && bare.architecture == Self.bernoulli && bare.frame.attribute("output_sd") == nil)
    }

    @Test func hiddenWidths() {
        #expect(VAEModel.hiddenWidths("400") == [400] && VAEModel.hiddenWidths("400,200") == [400, 200])
        for bad in ["", "0", "400,", ",400", "1,2,3", "a", "-4", "1048577", "4.0"] {
            #expect(VAEModel.hiddenWidths(bad) == nil, "\(bad)")
        }
        #expect(VAEModel.hiddenText([400, 200]) == "400,200")
    }

    /// Six rows of five intensities in [0, 1].
    static let rows: [Float] = (0..<30).map { Float(($0 * 7) % 11) / 10 }

    /// A training run saved after one epoch and resumed from the file gives the model of two
    /// epochs in memory: the file keeps every bit the run needs (weights, Adam, settings).
    @Test func resumingFromTheFileContinuesTheRun() throws {
        let settings = VAEModel.TrainingSettings(beta: 0.5, batchSize: 4, learningRate: 0.01, seed: 1 << 60 + 3, holdout: 0)
        var whole = try VAETraining(rows: Self.rows, count: 6, architecture: Self.bernoulli, options: settings.options(epochs: 2))
        var half = try VAETraining(rows: Self.rows, count: 6, architecture: Self.bernoulli, options: settings.options(epochs: 1))
        _ = whole.trainEpoch(seconds: { 0 })
        _ = whole.trainEpoch(seconds: { 0 })
        let report = half.trainEpoch(seconds: { 0 })
        var rowsFrame = Frame()
        rowsFrame.setAttribute("patch_width", .number(5))
        rowsFrame.setAttribute("unrelated", .string("not copied"))
        let saved = try ModelFileTests.throughFile(VAEModel.frame(of: half, settings: settings, last: report, rows: rowsFrame), VAEModel.read(path:))
        #expect(try saved.trainingSettings() == settings)
        #expect(saved.epochs == 1 && saved.frame.attribute("adam_steps")?.number == 2)
        #expect(saved.frame.attribute("train_nelbo")?.number == report.training.negativeELBO)
        #expect(saved.frame.attribute("heldout_nelbo") == nil)
        #expect(saved.frame.attribute("patch_width")?.number == 5 && saved.frame.attribute("unrelated") == nil)
        var resumed = try VAETraining(rows: Self.rows, count: 6, resuming: saved.autoEncoder, adamState: try #require(saved.adamState),
                                      epochsCompleted: saved.epochs, options: try #require(try saved.trainingSettings()).options(epochs: 1))
        _ = resumed.trainEpoch(seconds: { 0 })
        #expect(resumed.model == whole.model)
        #expect(resumed.adamState == whole.adamState)
        #expect(resumed.model != half.model)
    }

    /// `frame` with `change` applied must be refused with a message containing `message`.
    static func expectRefusal(_ message: String, _ change: (inout Frame) -> Void) throws {
        var frame = try Self.frame()
        change(&frame)
        ModelFileTests.expectRefusal(message) { _ = try VAEModel(frame: frame, path: "v.lpt") }
    }

    @Test func refusals() throws {
        var dictionary = Frame()
        dictionary["data"] = Tensor(shape: [2, 2], floats: [1, 0, 0, 1])
        dictionary.setAttribute("kind", .string("dictionary"))
        ModelFileTests.expectRefusal("v.lpt: not a VAE (a 'dictionary' model; make one with vae-train)") { _ = try VAEModel(frame: dictionary, path: "v.lpt") }
        try Self.expectRefusal("not a VAE (a file without kind=vae") { $0.setAttribute("kind", nil) }
        try Self.expectRefusal("no tensor 'mean.bias'") { $0["mean.bias"] = nil }
        try Self.expectRefusal("tensor 'mean.bias' is [1] but the architecture needs [2]") { $0["mean.bias"] = Tensor(shape: [1], floats: [0]) }
        try Self.expectRefusal("tensor 'output.weight' holds NaN or infinity (row 1)") {
            $0["output.weight"] = Tensor(shape: [4, 5], floats: (0..<20).map { $0 == 7 ? .infinity : 0 })
        }
        for hidden in ["0", "1,2,3", "four"] {
            try Self.expectRefusal("no valid 'hidden' attribute") { $0.setAttribute("hidden", .string(hidden)) }
        }
        try Self.expectRefusal("no valid 'hidden' attribute") { $0.setAttribute("hidden", .number(4)) }
        for (key, value) in [("features", 0.0), ("latent", 2.5), ("latent", .nan), ("features", 1e300)] {
            try Self.expectRefusal("no valid '\(key)' attribute") { $0.setAttribute(key, .number(value)) }
        }
        try Self.expectRefusal("no valid 'likelihood' attribute") { $0.setAttribute("likelihood", .string("poisson")) }
        for sd in [0.0, -1, .infinity, 1e300] {
            try Self.expectRefusal("'output_sd'") { $0.setAttribute("output_sd", .number(sd)) }
        }
        try Self.expectRefusal("no valid 'epochs' attribute") { $0.setAttribute("epochs", nil) }
        try Self.expectRefusal("no tensor 'adam.output.bias.v'") { $0["adam.output.bias.v"] = nil }
        try Self.expectRefusal("tensor 'adam.mean.weight.m' is [2, 4] but the architecture needs [3, 2]") {
            $0["adam.mean.weight.m"] = Tensor(shape: [2, 4], floats: [Float](repeating: 0, count: 8))
        }
        try Self.expectRefusal("'adam.logvar.bias.v' holds a negative second moment") { $0["adam.logvar.bias.v"] = Tensor(shape: [2], floats: [0, -1]) }
        try Self.expectRefusal("'adam_steps'") { $0.setAttribute("adam_steps", .number(-1)) }
    }

    @Test func settingsRefusals() throws {
        let settings = VAEModel.TrainingSettings(beta: 1, batchSize: 8, learningRate: 0.001, seed: 9, holdout: 0)
        var training = try VAETraining(rows: Self.rows, count: 6, architecture: Self.bernoulli, options: settings.options(epochs: 1))
        let report = training.trainEpoch(seconds: { 0 })
        let good = VAEModel.frame(of: training, settings: settings, last: report, rows: Frame())
        for (key, value, message) in [("lr", AttributeValue.number(0), "'lr'"), ("batch_size", .number(2.5), "'batch_size'"),
                                      ("beta", .number(-1), "'beta'"), ("seed", .string("-3"), "'seed'"), ("holdout", .string("x"), "'holdout'")] {
            var frame = good
            frame.setAttribute(key, value)
            let model = try VAEModel(frame: frame, path: "v.lpt")
            ModelFileTests.expectRefusal(message) { _ = try model.trainingSettings() }
        }
        var numericSeed = good
        numericSeed.setAttribute("seed", .number(9))
        #expect(try VAEModel(frame: numericSeed, path: "v.lpt").trainingSettings() == settings)
    }
}
