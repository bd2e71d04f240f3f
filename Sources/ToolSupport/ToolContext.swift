#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import TensorCore
import TensorStream

/// What a running tool works with: its arguments, its inputs, its output, and stderr.
public final class ToolContext {
    public let description: ToolDescription
    public let arguments: Arguments
    /// The main output: the `-o` file, else stdout.
    public var output: OutputTarget { outputs.main }
    let outputs: ToolOutputs
    /// `--quiet`: nothing on stderr but errors.
    public let quiet: Bool
    /// Progress lines are shown when stderr is a terminal or `--progress` is given (never with `--quiet`).
    public let showsProgress: Bool

    init(description: ToolDescription, arguments: Arguments) {
        self.description = description
        self.arguments = arguments
        outputs = ToolOutputs(description: description, arguments: arguments)
        quiet = arguments.has(SharedOptions.quiet)
        showsProgress = !quiet && (arguments.has(SharedOptions.progress) || isatty(2) != 0)
    }

    /// Read-once inputs (see `forEachFrame`) already read.
    private var consumedReadOnce: Set<String> = []

    /// The option's value given, else its default; a usage error for a required one not given.
    public func value<Value>(_ spec: OptionSpec<Value>) throws -> Value { try arguments.value(spec) }

    /// The option's value when given, else nil.
    public func given<Value>(_ spec: OptionSpec<Value>) -> Value? { arguments.given(spec) }

    /// True when the option or flag was given.
    public func has(_ declared: any DeclaredOption) -> Bool { arguments.has(declared) }

    /// Paths read from `--files-from` (when the tool declares it), by `readListedPaths`.
    private var listedPaths: [String] = []

    /// Reads the `--files-from` list, when given.
    func readListedPaths() throws {
        if let source = arguments.given(SharedOptions.filesFrom) { listedPaths = try readPathList(source) }
    }

    /// Positional arguments then the `--files-from` paths, or `-` (stdin) when there are none.
    public var inputPaths: [String] {
        let paths = arguments.positionals + listedPaths
        return paths.isEmpty ? ["-"] : paths
    }

    /// Calls `body` with every frame of every input in turn (stream, `.npy` or `.npz`).
    /// An input with no frames at all is an error: an empty stream almost always means the
    /// tool before this one failed.
    ///
    /// A path that can be read only once (`-`, a FIFO, a process substitution `<(...)`) is
    /// refused the second time with a message saying so, rather than seen as empty: a tool
    /// that needs two passes spills such inputs (`SpillFile`, `isReadOnce`).
    public func forEachFrame(_ body: (Frame) throws -> Void) throws {
        try forEachInputFrame { _, frame in try body(frame) }
    }

    /// `forEachFrame(_:)` with the index of the input (in `inputPaths`) each frame comes from.
    public func forEachInputFrame(_ body: (_ input: Int, Frame) throws -> Void) throws {
        for (index, path) in inputPaths.enumerated() {
            if isReadOnce(path) {
                guard !consumedReadOnce.contains(path) else {
                    throw ToolFailure("\(inputName(path)) can be read only once (a pipe or FIFO) and was already read; give it once, or save it to a file first")
                }
                consumedReadOnce.insert(path)
            }
            try Self.forEachFrame(ofFile: path) { try body(index, $0) }
        }
    }

    /// Calls `body` with every frame of the file `path`; a file of no frames is an error.
    static func forEachFrame(ofFile path: String, _ body: (Frame) throws -> Void) throws {
        let input = try TensorInput(path: path)
        var any = false
        while let frame = try input.next() {
            any = true
            try body(frame)
        }
        if !any { throw StreamError.empty(source: input.name) }
    }

    /// Writes one frame to the output.
    public func write(_ frame: Frame) throws {
        try output.frames().write(frame)
    }

    /// The side output file given as `spec` (declared with `OptionSpec.outputFile`: `--save`,
    /// `--curve`), opened before the tool started; nil when the option was not given. It is
    /// committed with the main output when the tool succeeds (call `finish()` on it once it is
    /// complete) and removed otherwise.
    public func sideOutput(_ spec: OptionSpec<String>) -> OutputTarget? {
        precondition(spec.option.writesFile, "--\(spec.name) is not declared with OptionSpec.outputFile")
        return outputs.side(spec.name)
    }

    /// A line on stderr unless `--quiet`.
    public func note(_ message: String) {
        guard !quiet else { return }
        fputs(message + "\n", stderr)
    }

    /// A progress line on stderr (rewritten in place) when progress is shown.
    public func progress(_ message: String) {
        guard showsProgress else { return }
        fputs("\r\(description.name): \(message)\u{1B}[K", stderr)
        progressPending = true
    }

    private var progressPending = false

    func endProgress() {
        if progressPending { fputs("\n", stderr) }
        progressPending = false
    }
}
