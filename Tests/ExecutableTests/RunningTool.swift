import Foundation

/// A built tool started in the background, for tests that act while it runs: send it a
/// signal, close the pipe it writes to, give it an output device. Stdin is a pipe kept open
/// (the tool blocks if it reads it); stderr is collected.
final class RunningTool {
    enum Output {
        /// A pipe the test reads (`outputReader`).
        case pipe
        /// A pipe whose reading end is closed before the tool starts: every write fails (EPIPE).
        case closedPipe
        /// A file or device opened for writing (`/dev/full`).
        case file(String)
    }

    let process = Process()
    private let stdinPipe = Pipe(), stderrPipe = Pipe()
    /// The reading end of stdout with `.pipe`.
    private(set) var outputReader: FileHandle?
    private let errorReader: Thread

    init(_ tool: String, _ arguments: [String], output: Output, directory: URL? = nil) throws {
        _ = ToolProcess.ignoreBrokenPipes
        process.executableURL = URL(fileURLWithPath: ToolProcess.path(tool))
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = stdinPipe
        process.standardError = stderrPipe
        var parentCopy: FileHandle?
        switch output {
        case .pipe:
            let pipe = Pipe()
            process.standardOutput = pipe
            outputReader = pipe.fileHandleForReading
        case .closedPipe:
            let pipe = Pipe()
            try pipe.fileHandleForReading.close()
            process.standardOutput = pipe.fileHandleForWriting
            parentCopy = pipe.fileHandleForWriting
        case .file(let path):
            guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileNoSuchFile) }
            process.standardOutput = handle
            parentCopy = handle
        }
        let stderrHandle = stderrPipe.fileHandleForReading
        nonisolated(unsafe) var collected = Data()
        errorReader = Thread { collected = stderrHandle.readDataToEndOfFile() }
        try process.run()
        try parentCopy?.close()
        errorReader.start()
        collectError = { collected }
    }

    private var collectError: () -> Data = { Data() }

    var pid: Int32 { process.processIdentifier }

    /// Waits for the tool to end; false (and the tool is killed) after `timeout` seconds.
    @discardableResult
    func waitForExit(timeout: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        guard !process.isRunning else {
            kill(pid, SIGKILL)
            process.waitUntilExit()
            return false
        }
        process.waitUntilExit()
        return true
    }

    /// Waits until `condition` holds (polled every 10 ms); false after `timeout` seconds.
    static func eventually(timeout: Double = 60, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// Everything the tool wrote on stderr (after it ended).
    var stderr: String {
        try? stdinPipe.fileHandleForWriting.close()
        while !errorReader.isFinished { usleep(1000) }
        return String(decoding: collectError(), as: UTF8.self)
    }

    /// The exit status, or the signal number when `signalled`.
    var status: Int32 { process.terminationStatus }
    var signalled: Bool { process.terminationReason == .uncaughtSignal }

    deinit {
        if process.isRunning { kill(pid, SIGKILL); process.waitUntilExit() }
        try? stdinPipe.fileHandleForWriting.close()
    }
}
