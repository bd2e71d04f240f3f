import TensorCore
import TensorStream

/// `--files-from FILE|-`: the tool's inputs listed in a text file, one path per line (empty
/// lines skipped, no quoting), after any given on the command line; so a cluster task can be a
/// list of shard paths.
extension SharedOptions {
    public static let filesFrom = OptionSpec<String>(
        "files-from", value: "FILE|-", help: "read input paths from FILE (- for stdin), one per line, after those given as arguments")
}

/// The paths listed in `source` (`-` is stdin), one per line, at most `limit` bytes of list.
/// - Throws: `ToolFailure` when the list cannot be read, is not text, or names no path;
///   `UsageError` when the list is stdin and names `-` (stdin is the list, it cannot be data too).
public func readPathList(_ source: String, limit: Int = 64 << 20) throws -> [String] {
    let bytes = try ByteSource(path: source).readAll(limit: limit)
    guard let text = String(validating: bytes, as: UTF8.self), !text.contains("\0") else {
        throw ToolFailure("\(inputName(source)): the --files-from list is not UTF-8 text")
    }
    let paths = text.split(separator: "\n", omittingEmptySubsequences: true)
        .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        .filter { !$0.isEmpty }
    guard !paths.isEmpty else { throw ToolFailure("\(inputName(source)): the --files-from list names no path") }
    if source == "-" && paths.contains("-") {
        throw UsageError("--files-from - reads the list from stdin, so the list cannot name - (stdin) as an input; save that input to a file and list the file")
    }
    return paths
}
