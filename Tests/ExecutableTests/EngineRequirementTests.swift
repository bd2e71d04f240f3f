import Foundation
import Testing

/// Only the programs that link the engine (compiled for AVX2 and FMA) refuse a processor
/// without those features; the file and image tools run anywhere. The processor's answer is
/// overridden with LATENTPIPE_PRETEND_NO_AVX2=1 so that this runs on any machine.
struct EngineRequirementTests {
    static func withoutEngineFeatures(_ tool: String, _ arguments: [String], input: Data = Data()) throws -> ToolProcess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["LATENTPIPE_PRETEND_NO_AVX2"] = "1"
        return try ToolProcess.runExecutable(ToolProcess.path(tool), arguments, input: input, environment: environment)
    }

    static let engineTools = ["whiten", "sparse-encode", "sparse-reconstruct", "dict-learn", "dict-info", "lista-train", "kernel-bench"]

    @Test(arguments: engineTools)
    func engineToolsRefuseWithOneLine(tool: String) throws {
        let result = try Self.withoutEngineFeatures(tool, ["--version"])
        #expect(result.status == 1 && result.stdout.isEmpty)
        #expect(result.stderr == "\(tool): this build needs an x86-64 processor with AVX2 and FMA (Haswell or later); see README\n")
    }

    @Test func fileAndImageToolsRunWithoutTheFeatures() throws {
        let directory = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let camera = ToolProcess.sample("camera.png")
        let dictionary = ToolProcess.sample("dct-8x8-256.lpt")
        let patches = try Self.withoutEngineFeatures("patchify", [camera])
        #expect(patches.status == 0, "\(patches.stderr)")
        let runs: [(String, [String], Data)] = [
            ("tensor-info", ["--summary", dictionary], Data()),
            ("tensor-convert", ["--to", "npz"], patches.stdout),
            ("tensor-diff", [dictionary, dictionary], Data()),
            ("unpatchify", [], patches.stdout),
            ("montage", [dictionary], Data()),
            ("psnr", [camera, camera], Data()),
            ("plot", ["-o", directory.appendingPathComponent("plot.png").path], Data("x,y\n1,2\n2,3\n".utf8)),
        ]
        for (tool, arguments, input) in runs {
            let result = try Self.withoutEngineFeatures(tool, arguments, input: input)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(tool): \(result.stderr)")
        }
    }
}
