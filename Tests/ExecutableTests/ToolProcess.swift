import Foundation

/// Runs the built tools as a user would, capturing stdout, stderr and the exit status.
enum ToolProcess {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        /// True when the process was killed by a signal (a crash or a trap).
        var signalled: Bool
    }

    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// The folder with the built tools: LATENTPIPE_BIN, else next to the test bundle.
    static let binDirectory: URL = {
        if let explicit = ProcessInfo.processInfo.environment["LATENTPIPE_BIN"] {
            return URL(fileURLWithPath: explicit)
        }
        var candidate = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            candidate.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("patchify").path) {
                return candidate
            }
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }()

    static func path(_ tool: String) -> String { binDirectory.appendingPathComponent(tool).path }

    static func sample(_ name: String) -> String { packageRoot.appendingPathComponent("samples/\(name)").path }

    /// Runs `tool` with `arguments`, feeding `input` on stdin.
    static func run(_ tool: String, _ arguments: [String], input: Data = Data(), directory: URL? = nil) throws -> Result {
        try runExecutable(path(tool), arguments, input: input, directory: directory)
    }

    /// A tool that rejects its input may exit before reading it all: writing to it must then
    /// fail with EPIPE, not kill the test process.
    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN); return () }()

    static func runExecutable(_ executable: String, _ arguments: [String], input: Data = Data(),
                              directory: URL? = nil, environment: [String: String]? = nil) throws -> Result {
        _ = ignoreBrokenPipes
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
        // Write stdin and read both outputs concurrently, so large data cannot deadlock.
        let writer = Thread {
            try? stdinPipe.fileHandleForWriting.write(contentsOf: input)
            try? stdinPipe.fileHandleForWriting.close()
        }
        writer.start()
        nonisolated(unsafe) var errorData = Data()
        let errorReader = Thread { errorData = stderrPipe.fileHandleForReading.readDataToEndOfFile() }
        errorReader.start()
        let outputData = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorReader.isExecuting || !errorReader.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus, stdout: outputData,
                      stderr: String(decoding: errorData, as: UTF8.self),
                      signalled: process.terminationReason == .uncaughtSignal)
    }

    /// Runs a shell command line (for pipelines), with the tools on PATH.
    static func shell(_ command: String, directory: URL? = nil) throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = binDirectory.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try runExecutable("/bin/bash", ["-o", "pipefail", "-c", command], directory: directory, environment: environment)
    }

    /// A fresh temporary directory for one test (removed when the test process exits).
    static func temporaryDirectory() throws -> URL { try TestDirectories.make() }

    /// Runs a script of `pipelines/` from a copy of the folder in `directory` (its samples linked),
    /// so that what it writes under `out/` lands in `directory`, not in the source tree.
    static func pipeline(_ script: String, _ arguments: [String] = [], in directory: URL) throws -> Result {
        let copy = directory.appendingPathComponent("pipelines")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("pipelines"), to: copy)
        try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("samples"),
                                                   withDestinationURL: packageRoot.appendingPathComponent("samples"))
        var environment = ProcessInfo.processInfo.environment
        environment["LATENTPIPE_BIN"] = binDirectory.path
        return try runExecutable("/bin/bash", [copy.appendingPathComponent(script).path] + arguments, environment: environment)
    }
}
