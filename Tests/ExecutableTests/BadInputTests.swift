import Foundation
import ImageIO
import Testing

/// The bad-input table: every tool that reads a stream, fed each kind of broken input, gives
/// one line `tool: ...` on stderr, exit status 1 or 2, no stdout, no crash, and leaves no
/// output file behind.
struct BadInputTests {
    /// A tool invocation, with the arguments it needs besides the input. The input goes where
    /// `@` stands (stdin `-` when none is given), else after the arguments.
    struct Invocation: CustomStringConvertible, Sendable {
        var tool: String
        var arguments: [String]
        var description: String { ([tool] + arguments.map { $0.split(separator: "/").last.map(String.init) ?? $0 }).joined(separator: " ") }

        /// The arguments with `input` in its place; nil reads stdin.
        func command(input: String?) -> [String] {
            if arguments.contains("@") { return arguments.map { $0 == "@" ? input ?? "-" : $0 } }
            return arguments + (input.map { [$0] } ?? [])
        }
    }

    static let fixtures = Fixtures()

    final class Fixtures: Sendable {
        let directory: URL
        let validFrame: [UInt8]
        let dictionary: String
        let model: String
        let encoder: String
        /// An untrained contrastive encoder of 64 features (embed).
        let contrastive: String
        /// An MLP energy of 2-D moons (energy-map) and a DAE of 64 features (dae-denoise).
        let energy: String, dae: String
        let validPath: String

        init() {
            directory = try! ToolProcess.temporaryDirectory()
            // One frame of real patches, from the sample photo.
            let patches = try! ToolProcess.run("patchify", [ToolProcess.sample("camera.png"), "--batch-size", "300", "--random", "300"])
            precondition(patches.status == 0, patches.stderr)
            validFrame = [UInt8](patches.stdout)
            dictionary = ToolProcess.sample("dct-8x8-256.lpt")
            model = directory.appendingPathComponent("zca.lpt").path
            let fit = try! ToolProcess.run("whiten", ["--save", model], input: patches.stdout)
            precondition(fit.status == 0, fit.stderr)
            validPath = directory.appendingPathComponent("valid.lpt").path
            try! patches.stdout.write(to: URL(fileURLWithPath: validPath))
            // A small LISTA encoder for 64 features, 4 atoms, made by hand.
            encoder = directory.appendingPathComponent("lista.lpt").path
            try! Data(HandFrame.encode(
                [HandFrame.f32("filter", [64, 4], [Float](repeating: 0.01, count: 256)),
                 HandFrame.f32("mutual", [4, 4], [Float](repeating: 0, count: 16)),
                 HandFrame.f32("thresholds", [4], [0.01, 0.01, 0.01, 0.01])],
                numbers: [("depth", 2)], strings: [("kind", "lista")])).write(to: URL(fileURLWithPath: encoder))
            contrastive = directory.appendingPathComponent("contrastive.lpt").path
            let initialised = try! ToolProcess.run("contrast-train", ["--hidden", "4", "--dim", "2", "--epochs", "0", "-o", contrastive, validPath])
            precondition(initialised.status == 0, initialised.stderr)
            energy = directory.appendingPathComponent("energy.lpt").path
            let moons = try! ToolProcess.run("toy-data", ["--kind", "moons", "--count", "100"])
            precondition(moons.status == 0, moons.stderr)
            let trained = try! ToolProcess.run("ebm-train", ["--hidden", "4", "--epochs", "1", "--cd", "1", "-o", energy], input: moons.stdout)
            precondition(trained.status == 0, trained.stderr)
            dae = directory.appendingPathComponent("dae.lpt").path
            let autoEncoder = try! ToolProcess.run("dae-train", ["--hidden", "4", "--epochs", "1", "-o", dae, validPath])
            precondition(autoEncoder.status == 0, autoEncoder.stderr)
        }
    }

    static let invocations: [Invocation] = [
        Invocation(tool: "tensor-info", arguments: []),
        Invocation(tool: "tensor-convert", arguments: ["--to", "npz"]),
        Invocation(tool: "tensor-convert", arguments: ["--to", "npy"]),
        Invocation(tool: "tensor-diff", arguments: ["@", fixtures.validPath]),
        Invocation(tool: "tensor-diff", arguments: ["--per-row", "@", fixtures.validPath]),
        Invocation(tool: "sparse-encode", arguments: ["--dict", fixtures.dictionary]),
        Invocation(tool: "sparse-encode", arguments: ["--encoder", fixtures.encoder]),
        Invocation(tool: "sparse-reconstruct", arguments: ["--dict", fixtures.dictionary]),
        Invocation(tool: "whiten", arguments: []),
        Invocation(tool: "whiten", arguments: ["--model", fixtures.model]),
        Invocation(tool: "montage", arguments: []),
        Invocation(tool: "dict-learn", arguments: ["--atoms", "4", "--steps", "2"]),
        Invocation(tool: "dict-info", arguments: []),
        Invocation(tool: "lista-train", arguments: ["--dict", fixtures.dictionary, "--depth", "2", "--epochs", "1"]),
        Invocation(tool: "unpatchify", arguments: []),
        Invocation(tool: "plot", arguments: []),
        Invocation(tool: "split-rows", arguments: ["--train", fixtures.directory.appendingPathComponent("split-train.lpt").path]),
        Invocation(tool: "scatter", arguments: []),
        Invocation(tool: "augment", arguments: ["--shift", "1"]),
        Invocation(tool: "linear-probe", arguments: ["--C", "1"]),
        Invocation(tool: "contrast-train", arguments: ["--hidden", "4", "--dim", "2", "--epochs", "1"]),
        Invocation(tool: "embed", arguments: ["--model", fixtures.contrastive]),
        Invocation(tool: "ebm-train", arguments: ["--hidden", "4", "--epochs", "1", "--cd", "1"]),
        Invocation(tool: "dae-train", arguments: ["--hidden", "4", "--epochs", "1"]),
        Invocation(tool: "energy-map", arguments: ["--model", fixtures.energy, "--grid", "8"]),
        Invocation(tool: "dae-denoise", arguments: ["--model", fixtures.dae, "--energy"]),
        Invocation(tool: "rbm-train", arguments: ["--hidden", "4", "--epochs", "1"]),
        // The modes of issues 16 and 17: OMP codes, partial statistics and their merges (whose
        // input must be partials: the valid patches are refused too), balanced minibatches, the blend.
        Invocation(tool: "sparse-encode", arguments: ["--dict", fixtures.dictionary, "--algorithm", "omp", "--atoms-per-row", "5"]),
        Invocation(tool: "whiten", arguments: ["--stats-only"]),
        Invocation(tool: "whiten", arguments: ["--merge", "--stats-only"]),
        Invocation(tool: "dict-learn", arguments: ["--stats-only", "--init", fixtures.dictionary, "--batch-size", "32"]),
        Invocation(tool: "dict-learn", arguments: ["--merge", "--init", fixtures.dictionary]),
        Invocation(tool: "dict-learn", arguments: ["--merge", "--stats-only"]),
        Invocation(tool: "dict-learn", arguments: ["--atoms", "4", "--steps", "2", "--batch-per-file", "16"]),
        Invocation(tool: "unpatchify", arguments: ["--blend", ToolProcess.sample("camera.png"), "--weight", "1"]),
    ]

    enum BadInput: String, CaseIterable, Sendable {
        case empty, garbage, truncated, corruptPayload, corruptHeader, shapeMismatch
        /// Huge shapes, one per dimension position: `[2^40, 64]`, `[0, 2^64-1]`,
        /// `[2^64-1, 0]`, `[4, 64, 2^63]`; and `[0, 10^6]`, valid but of absurd width.
        case hugeShape, hugeColumns, hugeRows, hugeThird, zeroRowsWide
        case nan, inf
        /// Valid patches whose `image_height` is infinite and `patch_height` NaN.
        case nonFiniteAttribute

        static func huge(_ shape: [UInt64], payload: UInt64 = 0) -> [UInt8] {
            HandFrame.encode([HandFrame.TensorSpec(name: "data", dtype: 1, shape: shape, payload: [])], payloadLength: payload)
        }

        static let patchAttributes: [(String, Double)] =
            [("image_height", 8), ("image_width", 8), ("channels", 1), ("patch_height", 8), ("patch_width", 8)]

        static func patches(_ values: [Float], numbers: [(String, Double)] = patchAttributes) -> [UInt8] {
            HandFrame.encode([HandFrame.f32("data", [4, 64], values),
                              HandFrame.TensorSpec(name: "pos", dtype: 3, shape: [4, 2], payload: [UInt8](repeating: 0, count: 32))],
                             numbers: numbers)
        }

        func bytes(_ valid: [UInt8]) -> [UInt8] {
            switch self {
            case .empty: return []
            case .garbage: return Array(String(repeating: "this is not a tensor stream\n", count: 40).utf8)
            case .truncated: return Array(valid.prefix(valid.count / 2))
            case .corruptPayload:
                var bytes = valid
                bytes[bytes.count - 100] ^= 0x5A
                return bytes
            case .corruptHeader:
                var bytes = valid
                bytes[30] ^= 0x01
                return bytes
            case .hugeShape:
                // A well-formed header claiming 2^40 x 64 floats.
                return Self.huge([1 << 40, 64], payload: (1 << 40) * 64 * 4)
            case .hugeColumns: return Self.huge([0, .max])
            case .hugeRows: return Self.huge([.max, 0])
            case .hugeThird: return Self.huge([4, 64, 1 << 63])
            case .zeroRowsWide: return Self.huge([0, 1_000_000])
            case .shapeMismatch:
                return HandFrame.encode([HandFrame.TensorSpec(name: "data", dtype: 1, shape: [1000, 64], payload: [0, 0, 0, 0])])
            case .nan, .inf:
                var values = [Float](repeating: 0.25, count: 4 * 64)
                values[77] = self == .nan ? .nan : .infinity
                return Self.patches(values)
            case .nonFiniteAttribute:
                let numbers = Self.patchAttributes.map { ($0.0, $0.0 == "image_height" ? .infinity : $0.0 == "patch_height" ? .nan : $0.1) }
                return Self.patches((0..<256).map { Float($0 % 7) * 0.125 }, numbers: numbers)
            }
        }

        /// Whether `tool` must refuse this input; otherwise it is data the tool may accept
        /// (NaN to the inspection tools, an attribute a tool passes through, ...) and the
        /// test asks only for no crash, and a clean failure if it fails.
        func mustFail(_ tool: String) -> Bool {
            switch self {
            // split-rows moves rows whatever their values, as tensor-convert does.
            case .nan, .inf: return !["tensor-info", "tensor-convert", "plot", "split-rows"].contains(tool)
            // augment reads [0, 10^6] as rows of 1000x1000 images, and writes no rows.
            case .zeroRowsWide: return !["tensor-info", "tensor-convert", "plot", "augment"].contains(tool)
            case .nonFiniteAttribute: return tool == "unpatchify"
            default: return true
            }
        }
    }

    /// `tool case status` lines for the closing note's table, when LATENTPIPE_TABLE names a file.
    static func record(_ invocation: Invocation, _ input: String, _ result: ToolProcess.Result) {
        guard let path = ProcessInfo.processInfo.environment["LATENTPIPE_TABLE"] else { return }
        let line = "\(invocation.description)\t\(input)\t\(result.signalled ? "signal" : String(result.status))\n"
        let handle = FileHandle(forWritingAtPath: path) ?? {
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)!
        }()
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        handle.closeFile()
    }

    /// Checks the contract for one failed run.
    static func expectCleanFailure(_ result: ToolProcess.Result, _ tool: String, _ what: String) {
        #expect(!result.signalled, "\(tool) crashed on \(what)")
        #expect(result.status == 1 || result.status == 2, "\(tool) exit \(result.status) on \(what)")
        #expect(result.stdout.isEmpty, "\(tool) wrote stdout on \(what)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count == 1, "\(tool) on \(what): stderr was \(result.stderr.debugDescription)")
        #expect(result.stderr.hasPrefix("\(tool): "), "\(tool) on \(what): \(result.stderr)")
    }

    @Test(arguments: invocations, BadInput.allCases)
    func rejectsBadStream(invocation: Invocation, input: BadInput) throws {
        let bytes = input.bytes(Self.fixtures.validFrame)
        let result = try ToolProcess.run(invocation.tool, invocation.command(input: nil), input: Data(bytes))
        Self.record(invocation, input.rawValue, result)
        if input.mustFail(invocation.tool) {
            Self.expectCleanFailure(result, invocation.tool, input.rawValue)
            #expect(result.status == 1, "\(invocation) on \(input.rawValue): exit \(result.status)")
        } else {
            #expect(!result.signalled, "\(invocation) crashed on \(input.rawValue)")
            if result.status != 0 { Self.expectCleanFailure(result, invocation.tool, input.rawValue) }
        }
    }

    @Test(arguments: invocations)
    func leavesNoOutputFileOnFailure(invocation: Invocation) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let output = directory.appendingPathComponent("out.bin").path
        let result = try ToolProcess.run(invocation.tool, invocation.command(input: nil) + ["-o", output],
                                         input: Data(BadInput.truncated.bytes(Self.fixtures.validFrame)))
        Self.expectCleanFailure(result, invocation.tool, "truncated input with -o")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test(arguments: invocations)
    func missingFileDirectoryAndUnknownFlag(invocation: Invocation) throws {
        let missing = try ToolProcess.run(invocation.tool, invocation.command(input: "/no/such/file.lpt"))
        Self.record(invocation, "missing file", missing)
        Self.expectCleanFailure(missing, invocation.tool, "a missing file")
        #expect(missing.status == 1 && missing.stderr.contains("/no/such/file.lpt"))
        let directory = try ToolProcess.temporaryDirectory()
        let folder = try ToolProcess.run(invocation.tool, invocation.command(input: directory.path))
        Self.record(invocation, "directory", folder)
        Self.expectCleanFailure(folder, invocation.tool, "a directory")
        #expect(folder.status == 1 && folder.stderr.contains("directory"), "\(folder.stderr)")
        let unknown = try ToolProcess.run(invocation.tool, invocation.command(input: nil) + ["--lamda", "3"])
        Self.expectCleanFailure(unknown, invocation.tool, "an unknown flag")
        #expect(unknown.status == 2)
    }

    /// A named FIFO is read once, like stdin: a valid stream through it gives what the same
    /// file gives (success, or sparse-reconstruct's refusal of patches as codes), a truncated
    /// one fails cleanly.
    @Test(arguments: invocations)
    func readsANamedFIFO(invocation: Invocation) throws {
        let directory = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let baseline = try ToolProcess.run(invocation.tool, invocation.command(input: Self.fixtures.validPath) + ["-o", directory.appendingPathComponent("file-out").path])
        let cut = directory.appendingPathComponent("cut.lpt")
        try Data(BadInput.truncated.bytes(Self.fixtures.validFrame)).write(to: cut)
        for (name, source, status) in [("FIFO", Self.fixtures.validPath, baseline.status), ("FIFO truncated", cut.path, 1)] {
            let fifo = directory.appendingPathComponent("fifo-\(name.count)").path
            #expect(mkfifo(fifo, 0o600) == 0)
            // The writer gives up after a minute if the tool never opens the FIFO.
            let command = ([invocation.tool] + invocation.command(input: fifo) + ["-o", "out-\(name.count)"]).map { "'\($0)'" }.joined(separator: " ")
            let result = try ToolProcess.shell("(timeout 60 sh -c 'cat \"$0\" > \"$1\"' '\(source)' '\(fifo)' &); \(command)", directory: directory)
            Self.record(invocation, name, result)
            #expect(!result.signalled && result.status == status, "\(invocation) on a \(name): exit \(result.status) \(result.stderr)")
            if status != 0 { Self.expectCleanFailure(result, invocation.tool, name) }
        }
    }

    @Test func dictionaryOfTheWrongWidthNamesBothSizes() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let narrow = directory.appendingPathComponent("narrow.lpt")
        try Data(HandFrame.encode([HandFrame.f32("data", [10, 49], [Float](repeating: 1 / 7, count: 490))])).write(to: narrow)
        let result = try ToolProcess.run("sparse-encode", ["--dict", narrow.path], input: Data(Self.fixtures.validFrame))
        Self.expectCleanFailure(result, "sparse-encode", "a dictionary of the wrong width")
        #expect(result.stderr.contains("64") && result.stderr.contains("49"))
        let codes = try ToolProcess.run("sparse-reconstruct", ["--dict", narrow.path], input: Data(Self.fixtures.validFrame))
        Self.expectCleanFailure(codes, "sparse-reconstruct", "a dictionary of the wrong width")
    }

    @Test func brokenDictionaryAndModelFiles() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let garbage = directory.appendingPathComponent("garbage.lpt")
        try Data("not a dictionary".utf8).write(to: garbage)
        let nanDictionary = directory.appendingPathComponent("nan.lpt")
        try Data(HandFrame.encode([HandFrame.f32("data", [2, 64], [Float.nan] + [Float](repeating: 0.1, count: 127))])).write(to: nanDictionary)
        for (tool, flag) in [("sparse-encode", "--dict"), ("sparse-reconstruct", "--dict"), ("whiten", "--model")] {
            for file in [garbage.path, nanDictionary.path, "/no/such/model.lpt"] {
                let result = try ToolProcess.run(tool, [flag, file], input: Data(Self.fixtures.validFrame))
                Self.expectCleanFailure(result, tool, "\(flag) \(file)")
            }
        }
    }

    @Test func patchifyRejectsBadImages() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let garbage = directory.appendingPathComponent("garbage.png")
        try Data("GIF89a not a png at all".utf8).write(to: garbage)
        let truncated = directory.appendingPathComponent("truncated.png")
        let camera = try Data(contentsOf: URL(fileURLWithPath: ToolProcess.sample("camera.png")))
        try camera.prefix(2000).write(to: truncated)
        let empty = directory.appendingPathComponent("empty.png")
        try Data().write(to: empty)
        let tiny = directory.appendingPathComponent("tiny.png")
        // A valid 8x8 image is smaller than a 16x16 patch.
        try Data(encodePNG(Image(width: 8, height: 8, channels: 1))).write(to: tiny)
        let cases: [[String]] = [
            [garbage.path], [truncated.path], [empty.path], ["/no/such/image.png"], [directory.path],
            [tiny.path, "--patch-size", "16"], [], [ToolProcess.sample("camera.png"), "--stride", "0"],
            [ToolProcess.sample("camera.png"), "--patch-size", "8x"], [ToolProcess.sample("camera.png"), "--colour"],
        ]
        for arguments in cases {
            let result = try ToolProcess.run("patchify", arguments + ["-o", directory.appendingPathComponent("out.lpt").path])
            Self.expectCleanFailure(result, "patchify", arguments.joined(separator: " "))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.lpt").path))
    }

    /// Upstream of `| head -c 100` ends quietly; downstream reports the cut frame in one line.
    @Test func closedPipeEndsQuietly() throws {
        let camera = ToolProcess.sample("camera.png")
        let directory = try ToolProcess.temporaryDirectory()
        let result = try ToolProcess.shell(
            "set +o pipefail; patchify \(camera) --stride 1 2>up.err | head -c 100 | tensor-info 2>down.err; echo \"${PIPESTATUS[@]}\"",
            directory: directory)
        let upstream = try String(contentsOf: directory.appendingPathComponent("up.err"), encoding: .utf8)
        let downstream = try String(contentsOf: directory.appendingPathComponent("down.err"), encoding: .utf8)
        #expect(upstream.isEmpty, "patchify said \(upstream)")
        #expect(downstream.hasPrefix("tensor-info: ") && downstream.contains("truncated")
                && downstream.filter { $0 == "\n" }.count == 1, "tensor-info said \(downstream)")
        let statuses = String(decoding: result.stdout, as: UTF8.self).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(statuses.count == 3)
        #expect(statuses.last == "1", "downstream status \(statuses)")
        #expect(statuses.first == "0", "upstream status \(statuses)")
    }
}
