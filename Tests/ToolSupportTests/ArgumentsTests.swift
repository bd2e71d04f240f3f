import Testing
@testable import ToolSupport

struct ArgumentsTests {
    let tool = ToolDescription(
        name: "demo", usage: "[options]", summary: "A demo.",
        options: [
            Option("lambda", aliases: ["alpha"], value: "L", default: "1", help: "penalty"),
            Option("max-iter", value: "K", default: "10", help: "iterations"),
            Option("positive", help: "non-negative"),
        ],
        example: "demo --lambda 2")

    @Test func gnuForms() throws {
        let parsed = try Arguments(["--lambda", "0.5", "--max-iter=7", "-ofile", "a", "-", "--", "--positive"], for: tool)
        #expect(try parsed.double("lambda", default: 1) == 0.5)
        #expect(try parsed.int("max-iter", default: 10) == 7)
        #expect(parsed.string("output") == "file")
        #expect(parsed.positionals == ["a", "-", "--positive"])
        #expect(!parsed.has("positive"))
    }

    @Test func aliasesAndDefaults() throws {
        let parsed = try Arguments(["--alpha", "3", "--positive"], for: tool)
        #expect(try parsed.double("lambda", default: 1) == 3)
        #expect(try parsed.int("max-iter", default: 10) == 10)
        #expect(parsed.has("positive"))
    }

    @Test func mistakesAreUsageErrors() {
        for bad in [["--lamda", "1"], ["--lambda"], ["--positive=yes"], ["-x"]] {
            #expect(throws: UsageError.self) { _ = try Arguments(bad, for: tool) }
        }
        #expect(throws: UsageError.self) { _ = try Arguments(["--lambda", "nan"], for: tool).double("lambda", default: 1) }
        #expect(throws: UsageError.self) { _ = try Arguments(["--max-iter", "0"], for: tool).int("max-iter", default: 1, in: 1...10) }
        #expect(throws: UsageError.self) { _ = try Arguments(["--max-iter", "2.5"], for: tool).int("max-iter", default: 1) }
    }

    @Test func unknownOptionSuggestsTheClosest() {
        do {
            _ = try Arguments(["--lamda", "1"], for: tool)
            Issue.record("accepted --lamda")
        } catch {
            #expect("\(error)" == "unknown option '--lamda' (did you mean '--lambda'? see --help)")
        }
    }

    @Test func editDistanceKnownValues() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("lambda", "lambda") == 0)
    }

    @Test func sizes() throws {
        #expect(try Arguments(["--tile", "8"], for: ToolDescription(name: "t", usage: "", summary: "", options: [Option("tile", value: "HxW", help: "")], example: "")).size("tile")! == (8, 8))
        let description = ToolDescription(name: "t", usage: "", summary: "", options: [Option("tile", value: "HxW", help: "")], example: "")
        #expect(try Arguments(["--tile", "12x16"], for: description).size("tile")! == (12, 16))
        for bad in ["0", "8x", "x8", "8x8x8", "-3", "abc"] {
            #expect(throws: UsageError.self) { _ = try Arguments(["--tile", bad], for: description).size("tile") }
        }
    }

    @Test func helpListsEveryOptionWithDefaults() {
        let text = tool.helpText
        for fragment in ["usage: demo [options]", "--lambda L, --alpha", "(default: 1)", "--max-iter K", "(default: 10)",
                         "--positive", "-o, --output FILE", "-h, --help", "--version", "--quiet", "--progress", "example:\n  demo --lambda 2"] {
            #expect(text.contains(fragment), "help lacks \(fragment)")
        }
    }

    @Test func formatting() {
        #expect(format(0.5, "%.3f") == "0.500")
        #expect(format(1234567) == "1.23457e+06")
        #expect(formatBytes(1536) == "1.5 KiB")
        #expect(formatBytes(12) == "12 B")
    }
}
