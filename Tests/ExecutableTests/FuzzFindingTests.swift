import Foundation
import Testing

/// Every input the fuzzers of `tools/fuzz` found to crash, exhaust memory or stall a parser
/// (`tools/fuzz/findings/`), run through the tool that reads that format: refused with one
/// line and exit 1, never a trap. The files carry valid CRCs, so they reach the parsers.
struct FuzzFindingTests {
    static let findings = ToolProcess.packageRoot.appendingPathComponent("tools/fuzz/findings")

    /// The tool that reads each target's format.
    static func reader(of finding: String) -> (tool: String, arguments: [String]) {
        finding.hasPrefix("png-") ? ("patchify", []) : ("tensor-info", [])
    }

    static let names: [String] = {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: findings.path)) ?? []
        return all.filter { $0.hasSuffix(".bin") }.sorted()
    }()

    @Test func everyTargetsFindingsAreHere() {
        // frame_reader (header trap), npz (4 GiB inflate), png (2 GiB chunk, 768 MiB image,
        // 400 MB for 3 x 67 million 16-bit pixels declared by 54 bytes, 512 MB for 1 x 2^28 by 81)
        #expect(Set(Self.names) == ["frame_reader-1.bin", "npz-1.bin", "png-1.bin", "png-2.bin", "png-3.bin", "png-4.bin"])
    }

    @Test(arguments: names)
    func findingIsRefused(name: String) throws {
        let (tool, arguments) = Self.reader(of: name)
        let input = try Data(contentsOf: Self.findings.appendingPathComponent(name))
        // From stdin and from the file: the reader's limits hold for both.
        try CraftedInputTests.expectRefusal(tool, arguments + ["-"], input: input)
        try CraftedInputTests.expectRefusal(tool, arguments + [Self.findings.appendingPathComponent(name).path])
    }
}
