import Foundation
import TensorCore
import Testing

/// Issue 13's must-show 6 for contrast-train and embed: every bad input is one line `tool: ...`
/// on stderr, exit 1 (data) or 2 (usage), nothing on stdout and no output file (nor --curve).
/// (The labels' checks are linear-probe's, in LinearProbeTests.)
struct ContrastBadInputTests: RefusalChecks {
    static let digits = ContrastFixtures.digits
    static let dct = ToolProcess.sample("dct-8x8-256.lpt")
    static let train = ["--hidden", "8", "--dim", "4", "--epochs", "1"]

    /// A contrastive model of the digits, untrained (64 features, hidden 8, dim 4).
    static let model: String = {
        let directory = try! ToolProcess.temporaryDirectory()
        let result = try! ToolProcess.run("contrast-train", ["--hidden", "8", "--dim", "4", "--epochs", "0", "-o", "model.lpt", digits],
                                          directory: directory)
        precondition(result.status == 0, "contrast-train: \(result.stderr)")
        return directory.appendingPathComponent("model.lpt").path
    }()

    /// Writes `data` to a fresh file and returns its path.
    static func file(_ data: Data) throws -> String {
        let url = try ToolProcess.temporaryDirectory().appendingPathComponent("rows.lpt")
        try data.write(to: url)
        return url.path
    }

    @Test("an empty stream, a frame of no rows, a single image")
    func emptyStreams() throws {
        try Self.expectRefusal("contrast-train", Self.train, status: 1, mentioning: "empty", "empty stdin")
        try Self.expectRefusal("embed", ["--model", Self.model], status: 1, mentioning: "empty", "empty stdin")
        try Self.expectRefusal("contrast-train", Self.train, input: VAEBadInputTests.rows(0, 64), status: 1, mentioning: "no rows", "a frame of no rows")
        try Self.expectRefusal("contrast-train", Self.train, input: VAEBadInputTests.rows(1, 64), status: 1, mentioning: "negative",
                               "one image: a pair with no negative")
    }

    @Test("NaN rows, to train on, to hold out and to embed")
    func nanRows() throws {
        let bad = VAEBadInputTests.rows(8, 64, nanAt: 100)
        try Self.expectRefusal("contrast-train", Self.train + ["-"], input: bad, status: 1, mentioning: "NaN or infinity (row 1)", "a NaN row")
        // The message names the held-out file: the training rows are fine.
        try Self.expectRefusal("contrast-train", Self.train + ["--held-out", try Self.file(bad), Self.digits], status: 1,
                               mentioning: "rows.lpt: data holds NaN or infinity (row 1)", "a NaN held-out row")
        try Self.expectRefusal("embed", ["--model", Self.model, "-"], input: bad, status: 1, mentioning: "NaN or infinity (row 1)", "a NaN row")
        try Self.expectRefusal("embed", ["--model", Self.model, "--projection", "-"], input: bad, status: 1, mentioning: "NaN or infinity (row 1)",
                               "a NaN row, --projection")
    }

    @Test("rows that are not images: 7 features and no geometry; a shift that would empty the images")
    func rowsThatAreNotImages() throws {
        try Self.expectRefusal("contrast-train", Self.train, input: VAEBadInputTests.rows(10, 7), status: 1, mentioning: "not square images",
                               "rows of 7 features")
        // 8x8 digits shifted by up to 8 pixels could be all zeros.
        try Self.expectRefusal("contrast-train", Self.train + ["--shift", "8", Self.digits], status: 2, mentioning: "--shift", "--shift 8 on 8x8 images")
    }

    @Test("option values out of range, and combinations that do not go together")
    func badOptions() throws {
        let cases: [([String], String)] = [
            (["--dim", "0"], "--dim"), (["--hidden", "0"], "--hidden"), (["--hidden", "16,0"], "--hidden"), (["--hidden", "1,2,3"], "--hidden"),
            (["--negatives", "pool:3"], "--negatives"), (["--negatives", "bank:0"], "--negatives"), (["--negatives", "queue"], "--negatives"),
            (["--temperature", "0"], "--temperature"), (["--batch-size", "1"], "--batch-size"),
            (["--momentum", "0.9"], "--momentum"), (["--momentum", "1"], "--momentum"), (["--negatives", "bank:8", "--momentum", "-0.5"], "--momentum"),
            (["--holdout", "5", "--held-out", Self.digits], "--holdout"),
        ]
        for (options, flag) in cases {
            let arguments = ["--epochs", "1"] + options + [Self.digits]
            try Self.expectRefusal("contrast-train", arguments, status: 2, mentioning: flag, options.joined(separator: " "))
        }
        for holdout in ["1797", "5000"] {
            try Self.expectRefusal("contrast-train", Self.train + ["--holdout", holdout, Self.digits], status: 1, mentioning: "--holdout",
                                   "--holdout \(holdout) of 1797 rows")
        }
        try Self.expectRefusal("embed", [Self.digits], status: 2, mentioning: "--model", "no --model")
    }

    @Test("rows of another width: held out, and to embed")
    func widthMismatch() throws {
        let narrow = VAEBadInputTests.rows(4, 16)
        try Self.expectRefusal("contrast-train", Self.train + ["--held-out", try Self.file(narrow), Self.digits], status: 1,
                               mentioning: "held-out rows of 16 features", "held-out rows of another width")
        try Self.expectRefusal("embed", ["--model", Self.model, "-"], input: narrow, status: 1, mentioning: "16 features",
                               "rows of 16 features for a 64-feature model")
        try Self.expectRefusal("embed", ["--model", Self.model, "-"], input: VAEBadInputTests.rows(10, 7), status: 1, mentioning: "7 features",
                               "rows of 7 features")
    }

    @Test("a model of another kind, --projection of a VAE, a missing or damaged model")
    func notAContrastiveModel() throws {
        try Self.expectRefusal("embed", ["--model", Self.dct, Self.digits], status: 1, mentioning: "no encoder", "a dictionary as --model")
        try Self.expectRefusal("embed", ["--model", "/no/such/model.lpt", Self.digits], status: 1, mentioning: "/no/such/model.lpt", "a missing model")
        try Self.expectRefusal("embed", ["--model", Self.digits, Self.digits], status: 1, mentioning: "kind", "data as --model")
        let directory = try ToolProcess.temporaryDirectory()
        let vae = directory.appendingPathComponent("vae.lpt").path
        let trained = try ToolProcess.run("vae-train", ["--latent", "2", "--hidden", "4", "--epochs", "1", "-o", vae, Self.digits])
        #expect(trained.status == 0, "\(trained.stderr)")
        try Self.expectRefusal("embed", ["--model", vae, "--projection", Self.digits], status: 1, mentioning: "projection", "--projection with a VAE")

        let damaged = directory.appendingPathComponent("damaged.lpt").path
        let original = try ContrastFixtures.model(Self.model)
        var missing = original
        missing["head.1.bias"] = nil
        try writeFrame(missing, to: damaged)
        try Self.expectRefusal("embed", ["--model", damaged, Self.digits], status: 1, mentioning: "head.1.bias", "a model without head.1.bias")
        var cut = original
        cut["encoder.0.weight"] = Tensor(shape: [64, 3], floats: [Float](repeating: 0.1, count: 192))
        try writeFrame(cut, to: damaged)
        try Self.expectRefusal("embed", ["--model", damaged, Self.digits], status: 1, mentioning: "encoder.0.weight", "a model with a cut encoder")
        var nan = original
        nan["encoder.0.bias"] = Tensor(shape: [8], floats: [0, 0, .nan, 0, 0, 0, 0, 0])
        try writeFrame(nan, to: damaged)
        try Self.expectRefusal("embed", ["--model", damaged, Self.digits], status: 1, mentioning: "'encoder.0.bias' holds NaN or infinity (row 2); the file is damaged",
                               "a model with NaN weights")
        var unsized = original
        unsized.setAttribute("dim", .number(0))
        try writeFrame(unsized, to: damaged)
        try Self.expectRefusal("embed", ["--model", damaged, Self.digits], status: 1, mentioning: "dim", "a model with dim=0")
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: damaged))
        try Self.expectRefusal("embed", ["--model", damaged, Self.digits], status: 1, mentioning: "damaged.lpt", "garbage as --model")
    }

    @Test("a missing file or a directory as the input or the held-out rows")
    func missingFiles() throws {
        let folder = try ToolProcess.temporaryDirectory().path
        for (what, path) in [("a missing file", "/no/such/rows.lpt"), ("a directory", folder)] {
            try Self.expectRefusal("contrast-train", Self.train + [path], status: 1, mentioning: path, what)
            try Self.expectRefusal("contrast-train", Self.train + ["--held-out", path, Self.digits], status: 1, mentioning: path, "\(what) held out")
            try Self.expectRefusal("embed", ["--model", Self.model, path], status: 1, mentioning: path, what)
        }
    }
}
