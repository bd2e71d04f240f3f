import Foundation
import Testing

/// Tests derived from each tool's option declarations (`--list-options`): every default parses
/// and changes nothing, every refused value is a one-line usage error, unknown flags get a
/// suggestion, a missing required flag and a repeated flag are usage errors.
struct OptionDeclarationTests {
    /// A quick run of each tool: it succeeds where a small sample makes that cheap, else it
    /// fails at the data stage (exit 1). A flag given with its default must not change it; a bad
    /// value must stop it with exit 2.
    static let baselines: [String: [String]] = {
        let (dct, digits, camera) = (ToolProcess.sample("dct-8x8-256.lpt"), ToolProcess.sample("digits-8x8.lpt"), ToolProcess.sample("camera.png"))
        return [
            "patchify": [camera],
            "unpatchify": [],
            "whiten": [digits],
            "sparse-encode": ["--dict", dct, digits],
            "sparse-reconstruct": ["--dict", dct],
            "dict-learn": ["--atoms", "4", digits],
            "dict-info": [dct],
            "lista-train": ["--dict", dct, "--depth", "2", digits],
            "montage": [dct],
            "tensor-info": [dct],
            "tensor-convert": [dct],
            "tensor-diff": [dct, dct],
            "psnr": [camera, camera],
            "noise-sigma": [camera],
            // inpaint stops at the data stage (a dictionary is no mask PNG): its runs are DenoiseToolsTests'.
            "inpaint": ["--dict", dct, "--mask", dct, camera],
            "plot": [],
            "scatter": ["--labels", "labels", digits],
            "kernel-bench": ["--m", "2", "--k", "2", "--n", "2"],
            "fft-bench": ["--height", "6", "--width", "10"],
            "highpass": [camera],
            // The CSC tools stop at the data stage here (a dictionary is no kernels, patch rows
            // are no images): the full runs are CSCPipelineTests'.
            "csc-encode": ["--kernels", dct, camera],
            "csc-reconstruct": ["--kernels", dct],
            "csc-learn": ["--kernels", "2", digits],
            "csc-ae-train": ["--kernels", dct, "--depth", "1", camera],
            // The test part goes to stdout; every run writes the training part to the same file.
            "split-rows": ["--train", try! ToolProcess.temporaryDirectory().appendingPathComponent("train.lpt").path, digits],
            "augment": [digits],
            // C given: the inner cross-validation is LinearProbeTests' (it fits 35 models).
            "linear-probe": ["--C", "1", digits],
            // The VAE tools too: a dictionary's signed atoms are no Bernoulli intensities, and no
            // VAE; the full runs are VAEToolTests'.
            "vae-train": ["--latent", "2", dct],
            "vae-encode": ["--model", dct, digits],
            "vae-sample": ["--model", dct],
            // contrast-train's cheap settings (--hidden, --epochs) are options with defaults,
            // which a baseline may not give: a PNG is no stream, so it stops at the data stage;
            // the full runs are ContrastToolTests'. embed as vae-encode: a dictionary is no encoder.
            "contrast-train": [camera],
            "embed": ["--model", dct, digits],
            "toy-data": ["--kind", "moons", "--count", "50"],
            // ebm-train as contrast-train (a PNG is no stream); energy-map as embed (a
            // dictionary is no energy). The full runs are EnergyToolTests'.
            "ebm-train": [camera],
            "dae-train": [camera],
            "dae-denoise": ["--model", dct, digits],
            "energy-map": ["--model", dct, digits],
            // The RBM tools as the VAE's: signed atoms are no rows in [0, 1], and no RBM; the
            // full runs are RBMToolTests'.
            "rbm-train": [dct],
            "rbm-sample": ["--model", dct],
        ]
    }()

    /// Tools whose output is a measurement of time, not a function of the arguments.
    static let timed: Set<String> = ["kernel-bench", "fft-bench"]

    /// One line of `--list-options`.
    struct Declared: CustomStringConvertible {
        var tool: String
        var name: String
        var aliases: [String]
        var takesValue: Bool
        var required: Bool
        var defaultArgument: String?
        var refused: [String]
        var description: String { "\(tool) --\(name)" }
    }

    static func declarations(_ tool: String) throws -> [Declared] {
        let listing = try ToolProcess.run(tool, ["--list-options"])
        precondition(listing.status == 0, "\(tool) --list-options: \(listing.stderr)")
        return String(decoding: listing.stdout, as: UTF8.self).split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            precondition(fields.count == 7, "\(tool): bad --list-options line \(line)")
            return Declared(tool: tool, name: fields[0], aliases: fields[1].split(separator: ",").map(String.init),
                            takesValue: !fields[3].isEmpty, required: fields[4] == "required",
                            defaultArgument: fields[5].isEmpty ? nil : fields[5],
                            refused: fields[6].split(separator: " ").map(String.init))
        }
    }

    static let all: [Declared] = baselines.keys.sorted().flatMap { try! declarations($0) }
    // The subsets the tests take, as properties: Swift 6.0's compiler (Debian's arm64 swiftlang)
    // crashes on a closure inside `@Test(arguments:)`.
    static let withDefaults = all.filter { $0.defaultArgument != nil }
    static let withRefusals = all.filter { !$0.refused.isEmpty }
    static let longNames = all.filter { $0.name.count >= 4 }
    static let requiredOnes = all.filter(\.required)
    static let withDefaultsOrFlags = all.filter { $0.defaultArgument != nil || !$0.takesValue }

    static func expectUsageError(_ result: ToolProcess.Result, _ what: String, mentioning text: String) {
        #expect(!result.signalled, "\(what) crashed")
        #expect(result.status == 2, "\(what): exit \(result.status), \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(what) wrote stdout")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(what): \(result.stderr.debugDescription)")
        #expect(result.stderr.contains(text), "\(what): \(result.stderr)")
    }

    /// The baselines that succeed, so that comparing their output means something.
    @Test(arguments: ["patchify", "whiten", "sparse-encode", "dict-learn", "dict-info", "lista-train", "montage", "tensor-info",
                      "tensor-convert", "tensor-diff", "psnr", "kernel-bench", "fft-bench", "highpass", "scatter", "split-rows", "augment", "linear-probe", "toy-data"])
    func baselineSucceeds(tool: String) throws {
        let result = try ToolProcess.run(tool, Self.baselines[tool]!)
        #expect(result.status == 0 && !result.stdout.isEmpty && result.stderr.isEmpty, "\(tool): \(result.stderr)")
    }

    @Test func everyToolListsItsOptions() throws {
        for tool in Self.baselines.keys {
            let names = Self.all.filter { $0.tool == tool }.map(\.name)
            #expect(names.contains("output") && names.contains("help"), "\(tool) lists \(names)")
        }
        // The baselines give every required option, and nothing else is required.
        for declared in Self.all where declared.required {
            #expect(Self.baselines[declared.tool]!.contains("--\(declared.name)"), "\(declared) is required but not in the baseline")
        }
    }

    @Test(arguments: withDefaults)
    func defaultChangesNothing(declared: Declared) throws {
        let baseline = Self.baselines[declared.tool]!
        #expect(!baseline.contains("--\(declared.name)"), "the baseline gives \(declared) already")
        let without = try ToolProcess.run(declared.tool, baseline)
        let with = try ToolProcess.run(declared.tool, baseline + ["--\(declared.name)", declared.defaultArgument!])
        #expect(with.status == without.status, "\(declared) \(declared.defaultArgument!): \(with.stderr)")
        #expect(with.stderr == without.stderr, "\(declared) \(declared.defaultArgument!)")
        #expect(with.status == 0 || with.status == 1)
        if !Self.timed.contains(declared.tool) {
            #expect(with.stdout == without.stdout, "\(declared) \(declared.defaultArgument!) changes the output")
        }
        let help = String(decoding: try ToolProcess.run(declared.tool, ["--help"]).stdout, as: UTF8.self)
        #expect(help.contains("default: \(declared.defaultArgument!))"), "\(declared) --help does not show its default")
    }

    @Test(arguments: withRefusals)
    func refusedValuesAreUsageErrors(declared: Declared) throws {
        for value in declared.refused {
            let result = try ToolProcess.run(declared.tool, Self.baselines[declared.tool]! + ["--\(declared.name)", value])
            Self.expectUsageError(result, "\(declared) \(value)", mentioning: "--\(declared.name)")
        }
    }

    @Test(arguments: longNames)
    func unknownFlagSuggestsTheDeclaredOne(declared: Declared) throws {
        let result = try ToolProcess.run(declared.tool, Self.baselines[declared.tool]! + ["--\(declared.name)z"])
        Self.expectUsageError(result, "\(declared)z", mentioning: "did you mean '--\(declared.name)'")
    }

    @Test(arguments: requiredOnes)
    func missingRequiredOptionIsAUsageError(declared: Declared) throws {
        var arguments = Self.baselines[declared.tool]!
        let index = arguments.firstIndex(of: "--\(declared.name)")!
        arguments.removeSubrange(index...index + 1)
        let result = try ToolProcess.run(declared.tool, arguments)
        Self.expectUsageError(result, "\(declared) left out", mentioning: "--\(declared.name)")
    }

    @Test(arguments: withDefaultsOrFlags)
    func repeatedOptionIsAUsageError(declared: Declared) throws {
        let once = declared.takesValue ? ["--\(declared.name)", declared.defaultArgument!] : ["--\(declared.name)"]
        let spelledAgain = declared.takesValue ? ["--\(declared.aliases.first ?? declared.name)", declared.defaultArgument!] : once
        let result = try ToolProcess.run(declared.tool, Self.baselines[declared.tool]! + once + spelledAgain)
        Self.expectUsageError(result, "\(declared) twice", mentioning: "--\(declared.name) given twice")
    }
}
