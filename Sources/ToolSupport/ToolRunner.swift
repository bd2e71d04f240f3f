#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import TensorStream

/// Runs a tool the same way every time: parse the command line, answer `--help`/`--version`,
/// open every output file (before any work), run the body, commit the outputs together; on
/// failure print one line `tool: what is wrong` on stderr, remove every temporary output file
/// and exit 1 (data or runtime) or 2 (usage). A closed stdout pipe ends the tool with 0, quietly;
/// signal handling is `SignalCleanup`'s (docs/outputs.md).
public enum ToolRunner {
    public static func run(_ description: ToolDescription, _ body: (ToolContext) throws -> Void) -> Never {
        SignalCleanup.install()
        var context: ToolContext?
        do {
            let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()), for: description)
            if arguments.has(SharedOptions.help) {
                try writeStandardOutput(description.helpText)
                exit(0)
            }
            if arguments.has(SharedOptions.version) {
                try writeStandardOutput("\(description.name) (latentpipe) \(latentpipeVersion)\n")
                exit(0)
            }
            if arguments.has(SharedOptions.listOptions) {
                try writeStandardOutput(description.optionTable)
                exit(0)
            }
            let running = ToolContext(description: description, arguments: arguments)
            context = running
            if running.output.path == nil && isatty(1) != 0 && !description.writesText {
                throw UsageError("refusing to write binary data to a terminal (redirect stdout or use -o FILE)")
            }
            try running.readListedPaths()
            try running.outputs.openAll()
            try body(running)
            try running.outputs.commitAll()
            running.endProgress()
            exit(0)
        } catch StreamError.brokenPipe {
            context?.outputs.endAfterBrokenPipe()
            exit(0)
        } catch let error as UsageError {
            fail(description.name, error.description, status: 2, context)
        } catch {
            fail(description.name, "\(error)", status: 1, context)
        }
    }

    private static func fail(_ tool: String, _ message: String, status: Int32, _ context: ToolContext?) -> Never {
        context?.endProgress()
        context?.outputs.discardAll()
        fflush(stdout)
        fputs("\(tool): \(message)\n", stderr)
        exit(status)
    }
}
