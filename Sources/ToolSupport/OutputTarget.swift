#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import TensorStream

/// One output of a tool: stdout, or a file written through an `AtomicFile` (a temporary in
/// the same directory, renamed into place by `commit`), so that a failed or interrupted run
/// never leaves a half-written file. `ToolRunner` opens the `-o` file and the side outputs
/// before the tool starts work, and commits them together when it succeeds.
public final class OutputTarget {
    /// The file's path, or nil for stdout.
    public let path: String?
    private var file: AtomicFile?
    private var sinkStorage: ByteSink?
    private var writerStorage: FrameWriter?
    /// True once `finish` has written everything out; `commit` then only renames.
    public private(set) var isFinished = false

    init(path: String?) { self.path = (path == "-") ? nil : path }

    /// An output file besides the tool's main output (a checkpoint, a model), opened now.
    public static func file(_ path: String) throws -> OutputTarget {
        guard path != "-" else { throw UsageError("a model file cannot be - (stdout carries the data)") }
        let target = OutputTarget(path: path)
        try target.open()
        return target
    }

    /// Creates the temporary file (or opens a device) now, so that a path that cannot be
    /// written fails before any work. Does nothing for stdout or when already open.
    public func open() throws {
        guard let path, file == nil, !isFinished else { return }
        file = try AtomicFile(path: path)
    }

    /// The byte sink (opening the file if `open` has not).
    public func sink() throws -> ByteSink {
        guard !isFinished else { throw StreamError.cannotWrite(detail: "\(path ?? "stdout") is already finished") }
        if let sinkStorage { return sinkStorage }
        try open()
        let sink = file.map { ByteSink(descriptor: $0.descriptor, name: $0.path) } ?? ByteSink(descriptor: 1, name: "stdout")
        sinkStorage = sink
        return sink
    }

    /// A frame writer over the sink, made on first use.
    public func frames() throws -> FrameWriter {
        if let writerStorage, !isFinished { return writerStorage }
        let writer = FrameWriter(sink: try sink())
        writerStorage = writer
        return writer
    }

    /// True once anything has been opened for writing.
    public var isOpen: Bool { file != nil || sinkStorage != nil }

    /// The output is complete: flushes, and for a file syncs and closes it (the rename waits
    /// for `commit`). A side output finished this way is kept when the reader of stdout goes
    /// away (`| head`); one left unfinished is removed.
    public func finish() throws {
        guard !isFinished else { return }
        try sinkStorage?.flush()
        try file?.close()
        isFinished = true
    }

    /// Finishes and, for a file, renames it into place.
    public func commit() throws {
        try finish()
        try file?.commit()
        file = nil
    }

    /// Removes the temporary file after a failure; the destination is left as it was.
    public func discard() {
        file?.discard()
        file = nil
        isFinished = true
    }
}
