import Foundation
import TensorCore
import TensorStream
import Testing

/// Issue 12's must-show 5 for the VAE tools: every bad input is one line `tool: ...` on
/// stderr, exit 1 (data) or 2 (usage), nothing on stdout and no output file (nor --curve).
struct VAEBadInputTests: RefusalChecks {
    static let model = VAEFixtures.path("vae2.lpt")
    static let latent3 = VAEFixtures.path("vae3.lpt")
    static let dct = ToolProcess.sample("dct-8x8-256.lpt")
    static let digits = VAEFixtures.digits
    static let train = ["--latent", "2", "--hidden", "4", "--epochs", "1"]

    /// A frame `data [rows, width]` of values in [0, 1), with NaN at `nanAt` if given.
    static func rows(_ rows: Int, _ width: Int, nanAt: Int? = nil, scale: Float = 1) -> Data {
        var values = (0..<(rows * width)).map { Float($0 % 7) / 7 * scale }
        if let nanAt { values[nanAt] = .nan }
        return Data(HandFrame.encode([HandFrame.f32("data", [UInt64(rows), UInt64(width)], values)]))
    }

    @Test("NaN rows")
    func nanRows() throws {
        let bad = Self.rows(8, 64, nanAt: 100)
        try Self.expectRefusal("vae-train", Self.train + ["-"], input: bad, status: 1, mentioning: "NaN or infinity (row 1)", "a NaN row")
        try Self.expectRefusal("vae-encode", ["--model", Self.model, "-"], input: bad, status: 1, mentioning: "NaN or infinity (row 1)", "a NaN row")
        try Self.expectRefusal("vae-sample", ["--model", Self.model, "--from", "-"], input: Self.rows(3, 2, nanAt: 5), status: 1,
                               mentioning: "NaN or infinity (row 2)", "a NaN latent")
        let directory = try ToolProcess.temporaryDirectory()
        let held = directory.appendingPathComponent("held.lpt").path
        try bad.write(to: URL(fileURLWithPath: held))
        try Self.expectRefusal("vae-train", Self.train + ["--held-out", held, Self.digits], status: 1, mentioning: "NaN or infinity", "a NaN held-out row")
    }

    @Test("an empty stream, a stream of empty frames")
    func emptyStreams() throws {
        try Self.expectRefusal("vae-train", Self.train, status: 1, mentioning: "empty", "empty stdin")
        try Self.expectRefusal("vae-encode", ["--model", Self.model], status: 1, mentioning: "empty", "empty stdin")
        try Self.expectRefusal("vae-sample", ["--model", Self.model, "--from", "-"], status: 1, mentioning: "empty", "empty stdin as --from")
        let noRows = Data(HandFrame.encode([HandFrame.f32("data", [0, 64], [])]))
        try Self.expectRefusal("vae-train", Self.train, input: noRows, status: 1, mentioning: "no rows", "a frame of no rows")
        try Self.expectRefusal("vae-sample", ["--model", Self.model, "--from", "-"], input: Self.rows(0, 2), status: 1,
                               mentioning: "no rows", "no latents")
    }

    @Test("option values out of range, and combinations that do not go together")
    func badOptions() throws {
        try Self.expectRefusal("vae-train", ["--latent", "0", Self.digits], status: 2, mentioning: "--latent", "--latent 0")
        try Self.expectRefusal("vae-train", ["--latent", "2", "--epochs", "3", "--lr", "10", Self.digits], status: 1,
                               mentioning: "diverged", "a step size that sends the weights to NaN")
        try Self.expectRefusal("vae-train", ["--hidden", "16", Self.digits], status: 2, mentioning: "--latent", "no --latent")
        for hidden in ["0", "16,0", "1,2,3", "a", "16,"] {
            try Self.expectRefusal("vae-train", ["--latent", "2", "--hidden", hidden, Self.digits], status: 2, mentioning: "--hidden", "--hidden \(hidden)")
        }
        try Self.expectRefusal("vae-train", ["--latent", "2", "--hidden", "1048576,1048576", Self.digits], status: 2, mentioning: "parameters",
                               "layers too large to hold")
        try Self.expectRefusal("vae-train", ["--latent", "4096", "--hidden", "1048576", Self.digits], status: 2, mentioning: "parameters",
                               "layers too large to hold")
        try Self.expectRefusal("vae-train", Self.train + ["--holdout", "5", "--held-out", Self.digits, Self.digits], status: 2,
                               mentioning: "--holdout", "--holdout and --held-out")
        try Self.expectRefusal("vae-train", Self.train + ["--holdout", "1797", Self.digits], status: 1, mentioning: "--holdout", "every row held out")
        try Self.expectRefusal("vae-train", Self.train + ["--output-sd", "0.5", Self.digits], status: 2, mentioning: "--output-sd", "--output-sd with Bernoulli")
        let directory = try ToolProcess.temporaryDirectory()
        let noOutput = try ToolProcess.run("vae-train", Self.train + ["--save-every", "1", Self.digits], directory: directory)
        BadInputTests.expectCleanFailure(noOutput, "vae-train", "--save-every without -o")
        #expect(noOutput.status == 2 && noOutput.stderr.contains("--save-every"))
        try Self.expectRefusal("vae-sample", ["--model", Self.model, "--count", "0"], status: 2, mentioning: "--count", "--count 0")
        try Self.expectRefusal("vae-sample", ["--model", Self.model, "--interpolate", "4"], status: 2, mentioning: "--from", "--interpolate without --from")
        try Self.expectRefusal("vae-sample", ["--model", Self.model, "--grid", "4", "--count", "3"], status: 2, mentioning: "--grid", "--grid and --count")
        try Self.expectRefusal("vae-sample", ["--model", Self.model, "--range", "2"], status: 2, mentioning: "--range", "--range without --grid")
        try Self.expectRefusal("vae-sample", ["--count", "3"], status: 2, mentioning: "--model", "no --model")
        try Self.expectRefusal("vae-sample", ["--model", Self.model, "--from", "-", "--interpolate", "100000"], input: Self.rows(3000, 2), status: 1,
                               mentioning: "more than the 268435456 vae-sample holds", "an interpolation of 3 x 10^8 latents")
    }

    @Test("--grid needs a 2-D latent")
    func gridNeedsTwoLatentDimensions() throws {
        try Self.expectRefusal("vae-sample", ["--model", Self.latent3, "--grid", "3"], status: 2, mentioning: "latent", "--grid with latent 3")
    }

    @Test("rows of another width than the model, latents of another dimension")
    func widthMismatch() throws {
        try Self.expectRefusal("vae-encode", ["--model", Self.model, "-"], input: Self.rows(4, 16), status: 1,
                               mentioning: "16 features", "rows of 16 features for a 64-feature model")
        try Self.expectRefusal("vae-sample", ["--model", Self.model, "--from", "-"], input: Self.rows(4, 3), status: 1,
                               mentioning: "latent", "3-D latents for a 2-D model")
        try Self.expectRefusal("vae-train", ["--resume", Self.model, "--epochs", "1", "-"], input: Self.rows(4, 16), status: 1,
                               mentioning: "16 features", "rows of 16 features to resume a 64-feature model")
        let directory = try ToolProcess.temporaryDirectory()
        let narrow = directory.appendingPathComponent("narrow.lpt").path
        try Self.rows(4, 16).write(to: URL(fileURLWithPath: narrow))
        try Self.expectRefusal("vae-train", Self.train + ["--held-out", narrow, Self.digits], status: 1, mentioning: "held-out rows of 16 features",
                               "held-out rows of another width")
    }

    @Test("Bernoulli needs intensities in [0, 1]")
    func bernoulliRange() throws {
        try Self.expectRefusal("vae-train", Self.train + [Self.dct], status: 1, mentioning: "[0, 1]", "a dictionary's signed atoms")
        try Self.expectRefusal("vae-train", Self.train + ["-"], input: Self.rows(4, 64, scale: 2), status: 1, mentioning: "Gaussian likelihood", "values up to 2")
        try Self.expectRefusal("vae-train", Self.train + ["--held-out", Self.dct, Self.digits], status: 1, mentioning: "(held out): invalid rows: row 1",
                               "signed held-out rows")
        for extra in [[], ["--elbo"]] {
            try Self.expectRefusal("vae-encode", ["--model", Self.model, "-"] + extra, input: Self.rows(4, 64, scale: 2), status: 1,
                                   mentioning: "[0, 1]", "values up to 2 \(extra)")
        }
        // The same rows train a Gaussian model.
        let directory = try ToolProcess.temporaryDirectory()
        let gaussian = try ToolProcess.run("vae-train", Self.train + ["--likelihood", "gaussian", "--output-sd", "0.5", "-o", "g.lpt", Self.dct],
                                           directory: directory)
        #expect(gaussian.status == 0, "\(gaussian.stderr)")
        let model = try #require(try VAEFixtures.frames(directory.appendingPathComponent("g.lpt").path).first)
        #expect(model.attribute("likelihood")?.string == "gaussian" && model.attribute("output_sd")?.number == 0.5)
    }

    @Test("a model file of another kind, a missing or damaged one")
    func notAVAE() throws {
        try Self.expectRefusal("vae-encode", ["--model", Self.dct, Self.digits], status: 1, mentioning: "not a VAE", "a dictionary as --model")
        try Self.expectRefusal("vae-sample", ["--model", Self.dct], status: 1, mentioning: "not a VAE", "a dictionary as --model")
        try Self.expectRefusal("vae-train", ["--resume", Self.dct, Self.digits], status: 1, mentioning: "not a VAE", "a dictionary as --resume")
        try Self.expectRefusal("vae-sample", ["--model", "/no/such/model.lpt"], status: 1, mentioning: "/no/such/model.lpt", "a missing model")
        // A VAE whose shapes disagree: the mean head cut to one output.
        let directory = try ToolProcess.temporaryDirectory()
        let cut = directory.appendingPathComponent("cut.lpt").path
        var frame = try VAEFixtures.model("vae2.lpt")
        frame["mean.bias"] = TensorCore.Tensor(shape: [1], floats: [0])
        try writeFrame(frame, to: cut)
        try Self.expectRefusal("vae-sample", ["--model", cut], status: 1, mentioning: "mean.bias", "a model with a cut mean head")
        var nan = try VAEFixtures.model("vae2.lpt")
        nan["output.bias"] = TensorCore.Tensor(shape: [64], floats: [Float](repeating: .nan, count: 64))
        try writeFrame(nan, to: cut)
        try Self.expectRefusal("vae-encode", ["--model", cut, Self.digits], status: 1, mentioning: "NaN", "a model with NaN weights")
    }

    @Test("every kind of broken stream, a missing file and a directory, to vae-train, vae-encode and vae-sample --from")
    func brokenStreams() throws {
        let valid = [UInt8](Self.rows(20, 64))
        let invocations: [(String, [String])] = [("vae-train", Self.train), ("vae-encode", ["--model", Self.model]),
                                                 ("vae-sample", ["--model", Self.model, "--from", "-"])]
        for (tool, arguments) in invocations {
            for input in BadInputTests.BadInput.allCases where input != .nonFiniteAttribute {
                let result = try ToolProcess.run(tool, arguments, input: Data(input.bytes(valid)))
                BadInputTests.expectCleanFailure(result, tool, input.rawValue)
                #expect(result.status == 1, "\(tool) on \(input.rawValue): exit \(result.status)")
            }
            let folder = try ToolProcess.temporaryDirectory().path
            for (what, path) in [("a missing file", "/no/such/rows.lpt"), ("a directory", folder)] {
                let result = try ToolProcess.run(tool, arguments.map { $0 == "-" ? path : $0 } + (arguments.contains("-") ? [] : [path]))
                BadInputTests.expectCleanFailure(result, tool, what)
                #expect(result.status == 1 && result.stderr.contains(path), "\(tool) on \(what): \(result.stderr)")
            }
        }
    }
}

/// Writes `frame` as a stream file with the TensorStream writer.
func writeFrame(_ frame: TensorCore.Frame, to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
    defer { close(descriptor) }
    let sink = TensorStream.ByteSink(descriptor: descriptor, name: path)
    try TensorStream.FrameWriter(sink: sink).write(frame)
    try sink.flush()
}
