#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import TensorStream

/// Runs a tool the same way every time: parse the command line, answer `--help`/`--version`,
/// run the body, commit the output; on failure print one line `tool: what is wrong` on stderr,
/// remove any partial output file and exit 1 (data or runtime) or 2 (usage).
public enum ToolRunner {
    public static func run(_ description: ToolDescription, _ body: (ToolContext) throws -> Void) -> Never {
        // A closed pipe (`| head`) ends the tool quietly, as it does `cat`.
        signal(SIGPIPE, SIG_DFL)
        var context: ToolContext?
        do {
            let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()), for: description)
            if arguments.has(SharedOptions.help) {
                print(description.helpText, terminator: "")
                exit(0)
            }
            if arguments.has(SharedOptions.version) {
                print("\(description.name) (latentpipe) \(latentpipeVersion)")
                exit(0)
            }
            if arguments.has(SharedOptions.listOptions) {
                print(description.optionTable, terminator: "")
                exit(0)
            }
            let running = ToolContext(description: description, arguments: arguments)
            context = running
            if running.output.path == nil && isatty(1) != 0 && !description.writesText {
                throw UsageError("refusing to write binary data to a terminal (redirect stdout or use -o FILE)")
            }
            try body(running)
            try running.output.commit()
            running.endProgress()
            exit(0)
        } catch StreamError.brokenPipe {
            context?.output.discard()
            exit(0)
        } catch let error as UsageError {
            fail(description.name, error.description, status: 2, context)
        } catch {
            fail(description.name, "\(error)", status: 1, context)
        }
    }

    private static func fail(_ tool: String, _ message: String, status: Int32, _ context: ToolContext?) -> Never {
        context?.endProgress()
        context?.output.discard()
        fflush(stdout)
        fputs("\(tool): \(message)\n", stderr)
        exit(status)
    }
}
