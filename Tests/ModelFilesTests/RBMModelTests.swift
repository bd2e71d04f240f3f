import EnergyModels
import ModelFiles
import TensorCore
import Testing

/// The RBM model file: round trips (weights, biases, persistent chains, the training run's
/// attributes) and the refusal of every kind of unusable file.
struct RBMModelTests {
    /// A 5-visible, 3-hidden machine trained one epoch on made-up rows in [0, 1].
    static func training(_ method: RBMTraining.Method) throws -> RBMTraining {
        let rows = (0..<40).map { Float(($0 * 7) % 11) / 10 }
        var training = try RBMTraining(rows: rows, count: 8, heldOut: Array(rows.prefix(10)), heldOutCount: 2, hidden: 3,
                                       options: RBMTraining.Options(method: method, batchSize: 4, epochs: 1, seed: 9))
        _ = training.trainEpoch { 0 }
        return training
    }

    static let settings = RBMModel.TrainingSettings(method: .persistent(particles: 4, steps: 2), learningRate: 0.1, batchSize: 4, seed: 9, holdout: 0)

    static func frame() throws -> Frame {
        var rows = Frame()
        rows.setAttribute("patch_height", .number(1))
        rows.setAttribute("patch_width", .number(5))
        var training = try training(settings.method)
        let report = training.trainEpoch { 0 }
        return RBMModel.frame(of: training, settings: settings, last: report, rows: rows)
    }

    @Test func roundTrip() throws {
        var training = try Self.training(Self.settings.method)
        let report = training.trainEpoch { 0 }
        let read = try ModelFileTests.throughFile(RBMModel.frame(of: training, settings: Self.settings, last: report, rows: Frame()), RBMModel.read(path:))
        #expect(read.machine == training.model)
        #expect(read.chains == training.chains && read.chains?.count == 4)
        #expect(read.epochs == 2)
        let attributes = read.frame
        #expect(attributes.attribute("kind")?.string == "rbm" && attributes.attribute("method")?.string == "pcd:4")
        #expect(attributes.attribute("visible")?.number == 5 && attributes.attribute("hidden")?.number == 3)
        #expect(attributes.attribute("steps")?.number == 2 && attributes.attribute("batch_size")?.number == 4)
        #expect(attributes.attribute("seed")?.string == "9" && attributes.attribute("lr")?.number == 0.1)
        #expect(attributes.attribute("train_pll")?.number == report.training?.pseudoLogLikelihood)
        #expect(attributes.attribute("heldout_recon")?.number == report.heldOut?.reconstructionError)
        #expect(attributes["weight"]?.shape == [5, 3] && attributes["chains"]?.shape == [4, 3])

        let cd = RBMModel.TrainingSettings(method: .contrastiveDivergence(steps: 3), learningRate: 0.05, batchSize: 4, seed: 1, holdout: 2)
        let plain = try Self.training(cd.method)
        let bare = try ModelFileTests.throughFile(RBMModel.frame(of: plain, settings: cd, last: nil, rows: Frame()), RBMModel.read(path:))
        #expect(bare.chains == nil && bare.machine == plain.model)
        #expect(bare.frame.attribute("method")?.string == "cd:3" && bare.frame.attribute("steps")?.number == 3)
        #expect(bare.frame.attribute("train_pll") == nil && bare.frame.attribute("holdout")?.number == 2)
    }

    /// The visible units ride in `visible_units`; a file without it (before Gaussian units) is
    /// Bernoulli.
    @Test func visibleUnitsRoundTrip() throws {
        let rows: [Float] = [2.5, -1, 0.5, 3, -2, 1, 0, 0.25, -0.5, 1.5]
        var gaussian = try RBMTraining(rows: rows, count: 2, hidden: 3, visibleUnits: .gaussian,
                                       options: RBMTraining.Options(method: .contrastiveDivergence(steps: 1), batchSize: 2, epochs: 1, seed: 3))
        let report = gaussian.trainEpoch { 0 }
        let frame = RBMModel.frame(of: gaussian, settings: Self.settings, last: report, rows: Frame())
        #expect(frame.attribute("visible_units")?.string == "gaussian")
        #expect(frame.attribute("train_pll") == nil && frame.attribute("train_free_energy")?.number == report.training?.freeEnergy)
        let read = try ModelFileTests.throughFile(frame, RBMModel.read(path:))
        #expect(read.machine == gaussian.model && read.machine.visibleUnits == .gaussian)
        var old = try Self.frame()
        old.setAttribute("visible_units", nil)
        #expect(try RBMModel(frame: old, path: "r.lpt").machine.visibleUnits == .bernoulli)
        try Self.expectRefusal("visible_units is 'poisson', not bernoulli or gaussian") { $0.setAttribute("visible_units", .string("poisson")) }
    }

    @Test func rowAttributesRideAlong() throws {
        let frame = try Self.frame()
        #expect(frame.attribute("patch_height")?.number == 1 && frame.attribute("patch_width")?.number == 5)
    }

    static func expectRefusal(_ message: String, _ change: (inout Frame) -> Void) throws {
        var frame = try Self.frame()
        change(&frame)
        ModelFileTests.expectRefusal(message) { _ = try RBMModel(frame: frame, path: "r.lpt") }
    }

    @Test func refusals() throws {
        var vae = try Self.frame()
        vae.setAttribute("kind", .string("vae"))
        ModelFileTests.expectRefusal("r.lpt: not an RBM (a 'vae' model; make one with rbm-train)") { _ = try RBMModel(frame: vae, path: "r.lpt") }
        try Self.expectRefusal("not an RBM (a file without kind=rbm") { $0.setAttribute("kind", nil) }
        try Self.expectRefusal("no tensor 'hidden_bias'") { $0["hidden_bias"] = nil }
        try Self.expectRefusal("tensor 'weight' is [3, 5] but the architecture needs [5, 3]") {
            $0["weight"] = Tensor(shape: [3, 5], floats: [Float](repeating: 0, count: 15))
        }
        try Self.expectRefusal("tensor 'visible_bias' holds NaN or infinity") { $0["visible_bias"] = Tensor(shape: [5], floats: [0, 0, .nan, 0, 0]) }
        for (key, value) in [("visible", 0.0), ("hidden", 2.5), ("hidden", .nan), ("visible", 1e300)] {
            try Self.expectRefusal("no valid '\(key)' attribute") { $0.setAttribute(key, .number(value)) }
        }
        try Self.expectRefusal("no valid 'epochs' attribute") { $0.setAttribute("epochs", nil) }
        try Self.expectRefusal("tensor 'chains' is [4, 2]") { $0["chains"] = Tensor(shape: [4, 2], floats: [Float](repeating: 0, count: 8)) }
        try Self.expectRefusal("not binary rows of 3 hidden states") { $0["chains"] = Tensor(shape: [1, 3], floats: [0, 0.5, 1]) }
        try Self.expectRefusal("weights are more than") {
            $0.setAttribute("visible", .number(Double(1 << 20)))
            $0.setAttribute("hidden", .number(Double(1 << 20)))
        }
    }
}
