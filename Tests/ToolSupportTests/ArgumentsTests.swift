import Testing
import TensorCore
@testable import ToolSupport

struct ArgumentsTests {
    static let lambda = SharedOptions.lambda(default: 1)
    static let maxIterations = OptionSpec<Int>("max-iter", value: "K", default: 10, range: 1...100, help: "iterations")
    static let dictionary = SharedOptions.dictionary(required: "the atoms")
    static let name = OptionSpec<String>("name", value: "N", repeatable: true, help: "names")
    static let positive = Flag("positive", help: "non-negative")
    let tool = ToolDescription(
        name: "demo", usage: "[options]", summary: "A demo.",
        options: [lambda, maxIterations, dictionary, name, positive],
        example: "demo --lambda 2")

    @Test func gnuForms() throws {
        let parsed = try Arguments(["--lambda", "0.5", "--max-iter=7", "-ofile", "a", "-", "--", "--positive"], for: tool)
        #expect(try parsed.value(Self.lambda) == 0.5)
        #expect(try parsed.value(Self.maxIterations) == 7)
        #expect(parsed.given(SharedOptions.output) == "file")
        #expect(parsed.positionals == ["a", "-", "--positive"])
        #expect(!parsed.has(Self.positive))
    }

    @Test func aliasesAndDefaults() throws {
        let parsed = try Arguments(["--alpha", "3", "--positive"], for: tool)
        #expect(try parsed.value(Self.lambda) == 3)
        #expect(try parsed.value(Self.maxIterations) == 10)
        #expect(parsed.given(Self.maxIterations) == nil)
        #expect(parsed.has(Self.positive))
    }

    @Test func mistakesAreUsageErrors() {
        for bad in [["--lamda", "1"], ["--lambda"], ["--positive=yes"], ["-x"], ["--lambda", "nan"], ["--lambda", "-1"],
                    ["--max-iter", "0"], ["--max-iter", "101"], ["--max-iter", "2.5"], ["--max-iter", "1e99"]] {
            #expect(throws: UsageError.self, "\(bad)") { _ = try Arguments(bad, for: tool) }
        }
    }

    @Test func badValueMessageNamesTheRange() {
        #expect(throws: UsageError("--max-iter takes a whole number from 1 to 100, not '0'")) { _ = try Arguments(["--max-iter", "0"], for: tool) }
    }

    @Test func repeatedOptionIsAUsageErrorUnlessRepeatable() throws {
        #expect(throws: UsageError("--lambda given twice; give it once")) { _ = try Arguments(["--lambda", "1", "--alpha", "2"], for: tool) }
        #expect(throws: UsageError.self) { _ = try Arguments(["--positive", "--positive"], for: tool) }
        let parsed = try Arguments(["--name", "a", "--name", "b"], for: tool)
        #expect(parsed.values(Self.name) == ["a", "b"])
    }

    @Test func requiredOptionIsAUsageErrorOnlyWhenRead() throws {
        let parsed = try Arguments([], for: tool)
        #expect(throws: UsageError("--dict FILE is required (the atoms)")) { _ = try parsed.value(Self.dictionary) }
        #expect(try Arguments(["--dict", "d.lpt"], for: tool).value(Self.dictionary) == "d.lpt")
    }

    @Test func unknownOptionSuggestsTheClosest() {
        #expect(throws: UsageError("unknown option '--lamda' (did you mean '--lambda'? see --help)")) { _ = try Arguments(["--lamda", "1"], for: tool) }
    }

    @Test func editDistanceKnownValues() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("lambda", "lambda") == 0)
    }

    @Test func sizes() throws {
        let tile = OptionSpec<PatchSize>("tile", value: "HxW", help: "")
        let description = ToolDescription(name: "t", usage: "", summary: "", options: [tile], example: "")
        #expect(try Arguments(["--tile", "8"], for: description).given(tile) == PatchSize(height: 8, width: 8))
        #expect(try Arguments(["--tile", "12x16"], for: description).given(tile) == PatchSize(height: 12, width: 16))
        for bad in ["0", "8x", "x8", "8x8x8", "-3", "abc", "4097"] {
            #expect(throws: UsageError.self) { _ = try Arguments(["--tile", bad], for: description) }
        }
    }

    @Test func helpShowsEveryOptionWithTheDefaultItParses() throws {
        let text = tool.helpText
        for fragment in ["usage: demo [options]", "--lambda L, --alpha", "(from 0 to 1e+30; default: 1)", "--max-iter K", "(from 1 to 100; default: 10)",
                         "--positive", "-o, --output FILE", "-h, --help", "--version", "--quiet", "--progress", "example:\n  demo --lambda 2"] {
            #expect(text.contains(fragment), "help lacks \(fragment)")
        }
        // Every shown default is the declared one, spelled as the parser reads it.
        for option in tool.options {
            guard let argument = option.defaultArgument else { continue }
            #expect(option.shownDefault == argument)
            #expect(option.problem(argument) == nil, "--\(option.name) refuses its own default \(argument)")
        }
    }

    @Test func numbersReadBackAsShown() {
        for value in [1e-4, 0.01, 0.2, 1, 1000, 1e-12, 1e30, 0.1 + 0.2] {
            #expect(Double(optionText: value.optionText) == value, "\(value) shown as \(value.optionText)")
        }
        #expect(1.0.optionText == "1")
        #expect(Double(optionText: "inf") == nil && Double(optionText: "nan") == nil)
    }

    @Test func rangesRefuseTheNearestValuesOutside() {
        #expect(Self.maxIterations.option.outOfRangeSamples == ["0", "101"])
        for sample in Self.lambda.option.outOfRangeSamples + Self.lambda.option.malformedSamples {
            #expect(Self.lambda.option.problem(sample) != nil, "--lambda accepts \(sample)")
        }
        #expect(Self.lambda.option.problem("0") == nil && Self.lambda.option.problem("1e30") == nil)
    }

    @Test func formatting() {
        #expect(format(0.5, "%.3f") == "0.500")
        #expect(format(1234567) == "1.23457e+06")
        #expect(formatBytes(1536) == "1.5 KiB")
        #expect(formatBytes(12) == "12 B")
    }
}
