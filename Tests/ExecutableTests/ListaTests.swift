import Foundation
import Testing

/// `lista-train`, `sparse-encode --encoder` and `tensor-diff` end to end.
struct ListaTests {
    static let dictionary = ToolProcess.sample("gabor-8x8-256.lpt")

    /// Whitened training and held-out patches from different positions, and the exact codes of
    /// the held-out ones: made once.
    static let data: URL = {
        let directory = try! ToolProcess.temporaryDirectory()
        let camera = ToolProcess.sample("camera.png"), coffee = ToolProcess.sample("coffee.png")
        let result = try! ToolProcess.shell("""
            patchify \(camera) \(coffee) --random 10000 --seed 1 | whiten --eps 0.1 --save zca.lpt -o train.lpt
            patchify \(camera) \(coffee) --random 500 --seed 2 | whiten --model zca.lpt -o test.lpt
            sparse-encode --dict \(dictionary) test.lpt -o optimal.lpt
            """, directory: directory)
        precondition(result.status == 0, result.stderr)
        return directory
    }()

    static func mse(_ codes: String) throws -> Double {
        let result = try ToolProcess.run("tensor-diff", [codes, "optimal.lpt"], directory: data)
        #expect(result.status == 0, "\(result.stderr)")
        let text = String(decoding: result.stdout, as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix("mse: ") }
        return Double(line?.dropFirst(5) ?? "") ?? .nan
    }

    /// Trained LISTA of depth 2 predicts the exact codes of unseen patches better than two
    /// FISTA (or ISTA) iterations do; the reference is the exact LARS codes.
    @Test func trainedEncoderBeatsFistaAtEqualSteps() throws {
        let directory = Self.data
        let train = try ToolProcess.run(
            "lista-train", ["--dict", Self.dictionary, "--depth", "2", "--epochs", "4", "--holdout", "2000",
                            "--curve", "curve.csv", "-o", "lista2.lpt", "train.lpt"], directory: directory)
        #expect(train.status == 0, "\(train.stderr)")
        let encode = try ToolProcess.run(
            "sparse-encode", ["--encoder", "lista2.lpt", "--dict", Self.dictionary, "-o", "lista-codes.lpt", "test.lpt"], directory: directory)
        #expect(encode.status == 0, "\(encode.stderr)")
        let fista = try ToolProcess.run(
            "sparse-encode", ["--dict", Self.dictionary, "--algorithm", "fista", "--max-iter", "2", "--tol", "0", "-o", "fista-codes.lpt", "test.lpt"],
            directory: directory)
        #expect(fista.status == 0, "\(fista.stderr)")
        let listaError = try Self.mse("lista-codes.lpt"), fistaError = try Self.mse("fista-codes.lpt")
        #expect(listaError < 0.8 * fistaError, "LISTA-2 code mse \(listaError), FISTA-2 \(fistaError)")
        // The curve: a header, the untrained encoder (epoch 0) and one line per epoch, falling.
        let curve = try String(contentsOf: directory.appendingPathComponent("curve.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(curve.count == 6 && curve[0] == ["epoch", "training_loss", "holdout_code_error"])
        if curve.count == 6, let first = Double(curve[1][2]), let last = Double(curve[5][2]) {
            #expect(last < first, "held-out code error \(first) -> \(last)")
        }
    }

    @Test func sameSeedSameBytes() throws {
        func train(_ seed: String) throws -> Data {
            let result = try ToolProcess.run(
                "lista-train", ["--dict", Self.dictionary, "--depth", "1", "--epochs", "1", "--seed", seed, "train.lpt"], directory: Self.data)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        let first = try train("3"), again = try train("3"), other = try train("4")
        #expect(!first.isEmpty && first == again)
        #expect(first != other)
    }

    @Test func badInputsAreClearErrors() throws {
        let directory = Self.data
        let train = try ToolProcess.run(
            "lista-train", ["--dict", Self.dictionary, "--depth", "1", "--epochs", "1", "-o", "lista1.lpt", "train.lpt"], directory: directory)
        #expect(train.status == 0, "\(train.stderr)")
        let dct = ToolProcess.sample("dct-8x8-256.lpt")
        let cases: [(tool: String, arguments: [String], input: Data, status: Int32, mentions: String)] = [
            ("sparse-encode", ["--encoder", "lista1.lpt", "--dict", dct, "test.lpt"], Data(), 1, "another dictionary"),
            ("sparse-encode", ["--encoder", "lista1.lpt", "--algorithm", "fista", "test.lpt"], Data(), 2, "--algorithm"),
            ("sparse-encode", ["--encoder", dct, "test.lpt"], Data(), 1, "not a LISTA encoder"),
            ("lista-train", ["--dict", Self.dictionary, "--depth", "0", "train.lpt"], Data(), 2, "--depth"),
            ("lista-train", ["--dict", Self.dictionary, "train.lpt"], Data(), 2, "--depth"),
            ("lista-train", ["--dict", Self.dictionary, "--depth", "2"], Data(), 1, "empty"),
            ("tensor-diff", ["test.lpt"], Data(), 2, "two"),
            ("tensor-diff", ["test.lpt", "optimal.lpt"], Data(), 1, "64"),
        ]
        for (tool, arguments, input, status, mentions) in cases {
            let result = try ToolProcess.run(tool, arguments + ["-o", "out.lpt"], input: input, directory: directory)
            #expect(result.status == status, "\(tool) \(arguments): \(result.stderr)")
            if status == 0 {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent("out.lpt"))
                continue
            }
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("\(tool): ") && lines[0].contains(mentions), "\(tool) \(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.lpt").path))
        }
    }

    /// tensor-diff with a broken stream on either side: one line, exit 1, nothing on stdout.
    @Test(arguments: [BadInputTests.BadInput.empty, .garbage, .truncated, .corruptPayload, .nan])
    func tensorDiffRejectsBrokenStreams(input: BadInputTests.BadInput) throws {
        let valid = BadInputTests.fixtures.validFrame
        let directory = try ToolProcess.temporaryDirectory()
        try Data(valid).write(to: directory.appendingPathComponent("valid.lpt"))
        for arguments in [["-", "valid.lpt"], ["valid.lpt", "-"]] {
            let result = try ToolProcess.run("tensor-diff", arguments, input: Data(input.bytes(valid)), directory: directory)
            BadInputTests.expectCleanFailure(result, "tensor-diff", "\(input.rawValue) as \(arguments)")
            #expect(result.status == 1)
        }
    }

    /// tensor-diff against sums computed here.
    @Test func tensorDiffMatchesADirectComputation() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [1, 2, 2, 4, 7, 6]
        try Data(HandFrame.encode([HandFrame.f32("data", [2, 3], a)])).write(to: directory.appendingPathComponent("a.lpt"))
        try Data(HandFrame.encode([HandFrame.f32("data", [2, 3], b)])).write(to: directory.appendingPathComponent("b.lpt"))
        let result = try ToolProcess.run("tensor-diff", ["a.lpt", "b.lpt"], directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let text = String(decoding: result.stdout, as: UTF8.self)
        // Differences 0, 0, 1, 0, -2, 0: sum of squares 5 over 6 elements and 2 rows; Σb² = 110.
        for expected in ["elements: 6", "mse: 0.833333", "max-abs: 2", "relative: 0.0454545", "row-sse: 2.5"] {
            #expect(text.contains(expected + "\n"), "missing \(expected) in \(text)")
        }
    }
}
