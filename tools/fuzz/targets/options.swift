import ToolSupport

/// Fuzz target `options`: the input split on NUL bytes into argv, parsed by `Arguments` over
/// a `ToolDescription` that declares every kind of option the tools declare (whole numbers,
/// numbers and seeds with ranges, choices, patch and picture sizes, a required option, a
/// repeatable one, an output file, flags, aliases, short names, the shared options), then
/// every declared value read back typed as a tool would.
let lambda = SharedOptions.lambda(default: 0.1)
let atoms = OptionSpec<Int>("atoms", short: "k", value: "K", default: 256, range: 1...65536, help: "atoms")
let epochs = SharedOptions.epochs(default: 5)
let fraction = OptionSpec<Double>("save-every", value: "E", default: 1.5, range: 1e-9...1e9, help: "fraction")
let algorithm = SharedOptions.algorithm(choices: ["auto", "lars", "cd", "fista"], help: "solver")
let patchSize = SharedOptions.patchSize(default: PatchSize(height: 8, width: 8), help: "patch size")
let picture = OptionSpec<PictureSize>("size-px", value: "WxH", absent: "640x480", help: "picture size")
let dictionary = SharedOptions.dictionary(required: "the dictionary to code against")
let label = OptionSpec<String>("label", value: "TEXT", repeatable: true, help: "labels")
let curve = OptionSpec.outputFile("curve", help: "curve")
let report = Flag("report", help: "report")
let color = Flag("color", short: "c", help: "colour")
let declared: [any DeclaredOption] = [
    lambda, atoms, epochs, fraction, algorithm, patchSize, picture, dictionary, label, curve, report, color,
    SharedOptions.seed, SharedOptions.pngDepth,
]
let description = ToolDescription(
    name: "fuzz-tool", usage: "[options] [INPUT...]", summary: "Fuzzing stand-in for a tool.",
    options: declared, example: "fuzz-tool --lambda 0.5 -k 64 --patch-size 8x8 in.lpt")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOptions(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzOne(data, size) { bytes in
        let argv = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let arguments = try Arguments(argv, for: description)
        _ = try arguments.value(lambda)
        _ = try arguments.value(atoms)
        _ = try arguments.value(epochs)
        _ = try arguments.value(fraction)
        _ = try arguments.value(algorithm)
        _ = try arguments.value(patchSize)
        _ = arguments.given(picture)
        _ = arguments.values(label)
        _ = arguments.given(curve)
        _ = try arguments.value(SharedOptions.seed)
        _ = try arguments.value(SharedOptions.pngDepth)
        _ = arguments.has(report) || arguments.has(color)
        _ = try arguments.value(dictionary)
        _ = arguments.positionals.count
    }
}
