/// Every file a tool run writes: the main output (`-o`, else stdout) and the side outputs
/// (`whiten --save`, `lista-train --curve`). All are opened before the tool starts work, so a
/// path that cannot be written fails at once; all are committed together when the tool
/// succeeds, or all removed when it fails or is interrupted.
final class ToolOutputs {
    let main: OutputTarget
    /// The side outputs given, by option name: the declared options that write a file.
    private var sides: [String: OutputTarget] = [:]
    /// Side outputs the tool asked for; one it never asked for is not committed.
    private var claimed: Set<String> = []

    init(description: ToolDescription, arguments: Arguments) {
        main = OutputTarget(path: arguments.given(SharedOptions.output))
        for option in description.options where option.writesFile {
            if let path = arguments.text(of: option) { sides[option.name] = OutputTarget(path: path) }
        }
    }

    /// Creates every temporary (or opens every device) now.
    func openAll() throws {
        try main.open()
        for option in sides.keys.sorted() {
            guard sides[option]!.path != nil else {
                throw UsageError("--\(option) cannot be - (stdout carries the tool's output)")
            }
            try sides[option]!.open()
        }
    }

    /// The side output given as `--option`, or nil when the option was not given.
    func side(_ option: String) -> OutputTarget? {
        guard let target = sides[option] else { return nil }
        claimed.insert(option)
        return target
    }

    private var claimedSides: [OutputTarget] { sides.filter { claimed.contains($0.key) }.map(\.value) }

    /// Success: writes everything out first, then renames; any failure leaves the caller to `discardAll`.
    func commitAll() throws {
        try main.finish()
        for target in claimedSides { try target.finish() }
        try main.commit()
        for target in claimedSides { try target.commit() }
        discardAll()
    }

    /// The reader of stdout went away: side outputs the tool had finished are kept, the rest removed.
    func endAfterBrokenPipe() {
        for target in claimedSides where target.isFinished { try? target.commit() }
        discardAll()
    }

    /// Removes every temporary not yet renamed into place.
    func discardAll() {
        main.discard()
        for target in sides.values { target.discard() }
    }
}
