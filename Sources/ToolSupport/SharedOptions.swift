/// The options several tools have, declared once so that each means the same everywhere (the
/// names users of scikit-learn, SPAMS and SPORCO look for; canonical name first, alias after).
/// Where tools differ only in the default, the declaration takes it as a parameter.
public enum SharedOptions {
    /// `-o FILE`: every tool has it.
    public static let output = OptionSpec<String>(
        "output", short: "o", value: "FILE", absent: "stdout",
        help: "write to FILE instead of stdout (via a temporary file, renamed when complete)")
    public static let quiet = Flag("quiet", short: "q", help: "print nothing on stderr but errors")
    public static let progress = Flag("progress", help: "show progress on stderr even when it is not a terminal")
    public static let help = Flag("help", short: "h", help: "show this help and exit")
    public static let version = Flag("version", help: "show the version and exit")
    public static let listOptions = Flag(
        "list-options", help: "print one tab-separated line per option (name, aliases, default, samples of refused values) and exit")
    /// The options every tool has, after its own.
    public static let common: [any DeclaredOption] = [output, quiet, progress, help, version, listOptions]

    /// `--seed S`, the same in every tool that makes a random choice.
    public static let seed = OptionSpec<UInt64>(
        "seed", value: "S", default: 0, range: 0...UInt64.max, help: "seed for every random choice; same seed, same bytes out")

    /// `--lambda L` (`--alpha`): the weight of the l1 penalty of the lasso.
    public static func lambda(default value: Double? = nil, absent: String? = nil, help: String = "weight of the l1 penalty") -> OptionSpec<Double> {
        OptionSpec("lambda", aliases: ["alpha"], value: "L", default: value, absent: absent, range: 0...1e30, help: help)
    }

    /// `--dict FILE`: a dictionary [atoms, features], one atom per row.
    public static func dictionary(required requirement: String?, help: String = "dictionary [atoms, features], one atom per row (stream, .npy or .npz); required") -> OptionSpec<String> {
        OptionSpec("dict", value: "FILE", required: requirement, help: help)
    }

    /// `--epochs E`: passes over the training rows, whole.
    public static func epochs(default value: Int) -> OptionSpec<Int> {
        OptionSpec("epochs", value: "E", default: value, range: 1...1_000_000, help: "passes over the training rows")
    }

    /// `--epochs E`: passes over the training rows, for a tool that can stop within a pass.
    public static func fractionalEpochs(default value: Double) -> OptionSpec<Double> {
        OptionSpec("epochs", value: "E", default: value, range: 1e-9...1e9, help: "passes over the training rows (may be fractional)")
    }

    /// `--batch-size B`: rows (patches) handled together, in a frame or a minibatch.
    public static func batchSize(default value: Int? = nil, absent: String? = nil, help: String) -> OptionSpec<Int> {
        OptionSpec("batch-size", value: "B", default: value, absent: absent, range: 1...10_000_000, help: help)
    }

    /// `--max-iter K` (`--iters`): most solver iterations per row.
    public static func maxIterations(help: String = "most iterations per row") -> OptionSpec<Int> {
        OptionSpec("max-iter", aliases: ["iters"], value: "K", default: 1000, range: 1...10_000_000, help: help)
    }

    /// `--tol T`: the relative change of a row's code that ends the solver's iterations.
    public static func tolerance(help: String) -> OptionSpec<Double> {
        OptionSpec("tol", value: "T", default: 1e-4, range: 0...1, help: help)
    }

    /// `--algorithm NAME`: the lasso solver; `choices` are the engine's solver names.
    public static func algorithm(choices: [String], help: String) -> OptionSpec<String> {
        OptionSpec("algorithm", value: "NAME", default: "auto", choices: choices, help: help)
    }

    /// `--positive`: non-negative codes.
    public static func positive(help: String = "constrain codes to be non-negative") -> Flag {
        Flag("positive", help: help)
    }

    /// `--patch-size N|HxW` (`--size`): the height and width of a patch.
    public static func patchSize(default value: PatchSize? = nil, absent: String? = nil, value placeholder: String = "N|HxW",
                                 help: String) -> OptionSpec<PatchSize> {
        OptionSpec("patch-size", aliases: ["size"], value: placeholder, default: value, absent: absent, help: help)
    }

    /// `--depth 8|16`: bits per sample of the PNG a tool writes (`unpatchify`, `montage`).
    public static let pngDepth = OptionSpec<String>(
        "depth", value: "8|16", default: "8", choices: ["8", "16"],
        help: "bits per PNG sample; 16 keeps the values to 1/65535, for measuring")
}
