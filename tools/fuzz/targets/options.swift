import ToolSupport

/// Fuzz target `options`: the input split on NUL bytes into argv, parsed by `Arguments` over
/// a `ToolDescription` with every kind of option the tools declare (whole numbers with and
/// without a range, numbers, choices, sizes, a seed, flags, aliases, short names), then every
/// typed accessor called as a tool would.
let description = ToolDescription(
    name: "fuzz-tool", usage: "[options] [INPUT...]", summary: "Fuzzing stand-in for a tool.",
    options: [
        Option("lambda", aliases: ["alpha"], value: "L", default: "0.1", help: "penalty"),
        Option("atoms", short: "k", value: "K", default: "256", help: "atoms"),
        Option("epochs", value: "E", default: "5", help: "epochs"),
        Option("algorithm", value: "A", default: "lars", help: "solver"),
        Option("patch-size", aliases: ["size"], short: "p", value: "N|HxW", default: "8", help: "patch size"),
        Option("dict", short: "d", value: "FILE", help: "dictionary"),
        Option("report", help: "report"),
        Option("color", short: "c", help: "colour"),
        .seed,
    ],
    example: "fuzz-tool --lambda 0.5 -k 64 --patch-size 8x8 in.lpt")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOptions(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzOne(data, size) { bytes in
        let argv = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let arguments = try Arguments(argv, for: description)
        _ = try arguments.double("lambda", default: 0.1, in: 0...1e6)
        _ = try arguments.int("atoms", default: 256, in: 1...65536)
        _ = try arguments.int("epochs", default: 5)
        _ = try arguments.choice("algorithm", default: "lars", among: ["lars", "cd", "fista"])
        _ = try arguments.size("patch-size")
        _ = try arguments.seed()
        _ = arguments.string("dict")
        _ = arguments.has("report") || arguments.has("color")
        _ = arguments.positionals.count
    }
}
