import Foundation
import Testing

/// The check of a bad-input suite (VAEBadInputTests, ContrastBadInputTests): a run refused with
/// one line, the expected exit status and message, and no file left behind.
protocol RefusalChecks {}

extension RefusalChecks {
    /// Tools that write a `--curve` file besides their output.
    static var curveWriters: Set<String> { ["vae-train", "contrast-train", "ebm-train", "dae-train", "rbm-train"] }

    /// Runs `tool` in a fresh folder with `-o` (and `--curve` for the curve writers) added,
    /// expects a clean failure with `status`, the message containing `mentioning`, and no file left.
    static func expectRefusal(_ tool: String, _ arguments: [String], input: Data = Data(), status: Int32,
                              mentioning: String, _ what: String) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let extra = curveWriters.contains(tool) ? ["--curve", "curve.csv"] : []
        let result = try ToolProcess.run(tool, arguments + extra + ["-o", "out.lpt"], input: input, directory: directory)
        BadInputTests.expectCleanFailure(result, tool, what)
        #expect(result.status == status, "\(tool) on \(what): exit \(result.status), \(result.stderr)")
        #expect(result.stderr.contains(mentioning), "\(tool) on \(what): \(result.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(left.isEmpty, "\(tool) on \(what) left \(left)")
    }
}
