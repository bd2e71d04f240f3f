import Foundation
import TensorCore
import Testing

/// Issue 14's must-show 5 for rbm-train, rbm-sample and embed with an RBM: every bad input is
/// one line `tool: ...` on stderr, exit 1 (data) or 2 (usage), nothing on stdout and no output
/// file (nor --curve).
struct RBMBadInputTests: RefusalChecks {
    static let digits = RBMFixtures.digits
    static let dct = ToolProcess.sample("dct-8x8-256.lpt")
    static let train = ["--hidden", "8", "--epochs", "1"]
    static let model = RBMFixtures.path("pcd.lpt")

    static func file(_ data: Data) throws -> String { try ContrastBadInputTests.file(data) }

    @Test("rows outside [0, 1]: to train on, to hold out, to embed; the message suggests scaling")
    func rowsOutsideTheUnitInterval() throws {
        // Values k/7 * 2 for k = 0...6: row 0 holds 8/7 at feature 4.
        let wide = VAEBadInputTests.rows(8, 64, scale: 2)
        try Self.expectRefusal("rbm-train", Self.train + ["-"], input: wide, status: 1, mentioning: "row 0, feature 4 is 1.142857", "rows up to 12/7")
        try Self.expectRefusal("rbm-train", Self.train + ["-"], input: wide, status: 1, mentioning: "outside [0, 1]", "rows up to 12/7")
        try Self.expectRefusal("rbm-train", Self.train + ["-"], input: wide, status: 1, mentioning: "or use Gaussian visible units", "rows up to 12/7")
        try Self.expectRefusal("rbm-train", Self.train + [Self.dct], status: 1, mentioning: "outside [0, 1]", "a dictionary's signed atoms")
        try Self.expectRefusal("rbm-train", Self.train + ["--held-out", try Self.file(wide), Self.digits], status: 1,
                               mentioning: "rows.lpt (held out): invalid rows: row 0, feature 4", "held-out rows up to 12/7")
        try Self.expectRefusal("embed", ["--model", Self.model, "-"], input: wide, status: 1, mentioning: "outside [0, 1]", "rows up to 12/7 to embed")
    }

    @Test("NaN rows, an empty stream, a frame of no rows")
    func nanAndEmpty() throws {
        let bad = VAEBadInputTests.rows(8, 64, nanAt: 100)
        try Self.expectRefusal("rbm-train", Self.train + ["-"], input: bad, status: 1, mentioning: "NaN or infinity (row 1)", "a NaN row")
        try Self.expectRefusal("rbm-train", Self.train + ["--held-out", try Self.file(bad), Self.digits], status: 1,
                               mentioning: "rows.lpt: data holds NaN or infinity (row 1)", "a NaN held-out row")
        try Self.expectRefusal("embed", ["--model", Self.model, "-"], input: bad, status: 1, mentioning: "NaN or infinity (row 1)", "a NaN row to embed")
        try Self.expectRefusal("rbm-train", Self.train, status: 1, mentioning: "empty", "empty stdin")
        try Self.expectRefusal("rbm-train", Self.train, input: VAEBadInputTests.rows(0, 64), status: 1, mentioning: "no rows", "a frame of no rows")
    }

    @Test("option values out of range, and combinations that do not go together")
    func badOptions() throws {
        let cases: [([String], String)] = [
            (["--cd", "0"], "--cd"), (["--cd", "-1"], "--cd"), (["--hidden", "0"], "--hidden"), (["--lr", "0"], "--lr"), (["--lr", "nan"], "--lr"),
            (["--batch-size", "0"], "--batch-size"), (["--particles", "0"], "--particles"), (["--steps", "0"], "--steps"),
            (["--epochs", "-1"], "--epochs"), (["--visible", "poisson"], "--visible"),
            (["--cd", "2", "--pcd"], "--pcd"), (["--cd", "1", "--particles", "5"], "--particles"), (["--cd", "1", "--steps", "3"], "--steps"),
            (["--holdout", "5", "--held-out", Self.digits], "--holdout"),
        ]
        for (options, flag) in cases {
            try Self.expectRefusal("rbm-train", options + [Self.digits], status: 2, mentioning: flag, options.joined(separator: " "))
        }
        for holdout in ["1797", "5000"] {
            try Self.expectRefusal("rbm-train", Self.train + ["--holdout", holdout, Self.digits], status: 1, mentioning: "--holdout", "--holdout \(holdout) of 1797 rows")
        }
        try Self.expectRefusal("rbm-sample", [], status: 2, mentioning: "--model", "no --model")
        try Self.expectRefusal("rbm-sample", ["--model", Self.model, Self.digits], status: 2, mentioning: "reads no input", "an input file")
        try Self.expectRefusal("rbm-sample", ["--model", Self.model, "--from-chains", "--count", "4"], status: 2, mentioning: "--count", "--from-chains with --count")
        try Self.expectRefusal("rbm-sample", ["--model", Self.model, "--steps", "0"], status: 2, mentioning: "--steps", "--steps 0")
        try Self.expectRefusal("rbm-sample", ["--model", RBMFixtures.path("cd.lpt"), "--from-chains"], status: 1, mentioning: "no persistent chains",
                               "--from-chains of a CD-k model")
    }

    @Test("rows of another width: held out, and to embed")
    func widthMismatch() throws {
        let narrow = VAEBadInputTests.rows(4, 16)
        try Self.expectRefusal("rbm-train", Self.train + ["--held-out", try Self.file(narrow), Self.digits], status: 1,
                               mentioning: "held-out rows of 16 features", "held-out rows of another width")
        try Self.expectRefusal("embed", ["--model", Self.model, "-"], input: narrow, status: 1, mentioning: "16 features", "rows of 16 features for a 64-visible RBM")
    }

    @Test("a model of another kind, --projection of an RBM, a missing or damaged model")
    func notAnRBM() throws {
        try Self.expectRefusal("rbm-sample", ["--model", Self.dct], status: 1, mentioning: "not an RBM", "a dictionary as --model")
        try Self.expectRefusal("rbm-sample", ["--model", ContrastBadInputTests.model], status: 1, mentioning: "not an RBM (a 'contrastive' model",
                               "a contrastive model as --model")
        try Self.expectRefusal("rbm-sample", ["--model", "/no/such/model.lpt"], status: 1, mentioning: "/no/such/model.lpt", "a missing model")
        try Self.expectRefusal("embed", ["--model", Self.model, "--projection", Self.digits], status: 1, mentioning: "projection", "--projection with an RBM")

        let directory = try ToolProcess.temporaryDirectory()
        let damaged = directory.appendingPathComponent("damaged.lpt").path
        let original = try RBMFixtures.model("pcd.lpt")
        var changes: [(String, String, (inout Frame) -> Void)] = [
            ("hidden_bias", "no tensor 'hidden_bias'", { $0["hidden_bias"] = nil }),
            ("cut weight", "tensor 'weight' is [64, 3]", { $0["weight"] = Tensor(shape: [64, 3], floats: [Float](repeating: 0.1, count: 192)) }),
            ("NaN bias", "'visible_bias' holds NaN or infinity (row 0); the file is damaged", {
                $0["visible_bias"] = Tensor(shape: [64], floats: [Float.nan] + [Float](repeating: 0, count: 63))
            }),
            ("hidden=0", "hidden", { $0.setAttribute("hidden", .number(0)) }),
            ("chains not binary", "chains", { $0["chains"] = Tensor(shape: [10, 32], floats: [Float](repeating: 0.5, count: 320)) }),
        ]
        changes.append(("no kind", "not an RBM", { $0.setAttribute("kind", nil) }))
        for (name, message, change) in changes {
            var frame = original
            change(&frame)
            try writeFrame(frame, to: damaged)
            try Self.expectRefusal("rbm-sample", ["--model", damaged], status: 1, mentioning: message, "a model with \(name)")
            try Self.expectRefusal("embed", ["--model", damaged, Self.digits], status: 1, mentioning: name == "no kind" ? "no encoder" : message,
                                   "a model with \(name), to embed")
        }
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: damaged))
        try Self.expectRefusal("rbm-sample", ["--model", damaged], status: 1, mentioning: "damaged.lpt", "garbage as --model")
    }
}
