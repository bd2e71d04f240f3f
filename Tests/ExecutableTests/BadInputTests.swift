import Foundation
import ImageIO
import Testing

/// The bad-input table: every tool that reads a stream, fed each kind of broken input, gives
/// one line `tool: ...` on stderr, exit status 1 or 2, no stdout, no crash, and leaves no
/// output file behind.
struct BadInputTests {
    /// A tool invocation, with the arguments it needs besides the input.
    struct Invocation: CustomStringConvertible, Sendable {
        var tool: String
        var arguments: [String]
        var description: String { ([tool] + arguments.map { $0.split(separator: "/").last.map(String.init) ?? $0 }).joined(separator: " ") }
    }

    static let fixtures = Fixtures()

    final class Fixtures: Sendable {
        let directory: URL
        let validFrame: [UInt8]
        let dictionary: String
        let model: String

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
        }
    }

    static let invocations: [Invocation] = [
        Invocation(tool: "tensor-info", arguments: []),
        Invocation(tool: "tensor-convert", arguments: ["--to", "npz"]),
        Invocation(tool: "sparse-encode", arguments: ["--dict", fixtures.dictionary]),
        Invocation(tool: "sparse-reconstruct", arguments: ["--dict", fixtures.dictionary]),
        Invocation(tool: "whiten", arguments: []),
        Invocation(tool: "whiten", arguments: ["--model", fixtures.model]),
        Invocation(tool: "montage", arguments: []),
        Invocation(tool: "dict-learn", arguments: ["--atoms", "4", "--steps", "2"]),
        Invocation(tool: "dict-info", arguments: []),
        Invocation(tool: "lista-train", arguments: ["--dict", fixtures.dictionary, "--depth", "2", "--epochs", "1"]),
        Invocation(tool: "unpatchify", arguments: []),
    ]

    enum BadInput: String, CaseIterable, Sendable {
        case empty, garbage, truncated, corruptPayload, corruptHeader, hugeShape, shapeMismatch, nan

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
                return HandFrame.encode([HandFrame.TensorSpec(name: "data", dtype: 1, shape: [1 << 40, 64], payload: [])],
                                        payloadLength: (1 << 40) * 64 * 4)
            case .shapeMismatch:
                return HandFrame.encode([HandFrame.TensorSpec(name: "data", dtype: 1, shape: [1000, 64], payload: [0, 0, 0, 0])])
            case .nan:
                var values = [Float](repeating: 0.25, count: 4 * 64)
                values[77] = .nan
                return HandFrame.encode([HandFrame.f32("data", [4, 64], values),
                                         HandFrame.TensorSpec(name: "pos", dtype: 3, shape: [4, 2], payload: [UInt8](repeating: 0, count: 32))],
                                        numbers: [("image_height", 8), ("image_width", 8), ("channels", 1), ("patch_height", 8), ("patch_width", 8)])
            }
        }
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
        // NaN is data to the inspection tools (tensor-info counts it), an error to the numerical ones.
        if input == .nan && ["tensor-info", "tensor-convert"].contains(invocation.tool) { return }
        let bytes = input.bytes(Self.fixtures.validFrame)
        let result = try ToolProcess.run(invocation.tool, invocation.arguments, input: Data(bytes))
        Self.expectCleanFailure(result, invocation.tool, input.rawValue)
        #expect(result.status == 1)
    }

    @Test(arguments: invocations)
    func leavesNoOutputFileOnFailure(invocation: Invocation) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let output = directory.appendingPathComponent("out.bin").path
        let result = try ToolProcess.run(invocation.tool, invocation.arguments + ["-o", output],
                                         input: Data(BadInput.truncated.bytes(Self.fixtures.validFrame)))
        Self.expectCleanFailure(result, invocation.tool, "truncated input with -o")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test(arguments: invocations)
    func missingFileAndUnknownFlag(invocation: Invocation) throws {
        let missing = try ToolProcess.run(invocation.tool, invocation.arguments + ["/no/such/file.lpt"])
        Self.expectCleanFailure(missing, invocation.tool, "a missing file")
        #expect(missing.status == 1 && missing.stderr.contains("/no/such/file.lpt"))
        let unknown = try ToolProcess.run(invocation.tool, invocation.arguments + ["--lamda", "3"])
        Self.expectCleanFailure(unknown, invocation.tool, "an unknown flag")
        #expect(unknown.status == 2)
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
