#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import TensorStream

/// Where a tool's output goes: stdout, or a file written under a temporary name in the same
/// directory and renamed into place only when the tool succeeds, so that a failed run never
/// leaves a half-written file. Opened on first use, so a tool that fails before writing
/// creates nothing.
public final class OutputTarget {
    /// The `-o` path, or nil for stdout.
    public let path: String?
    private var temporaryPath: String?
    private var descriptor: Int32 = -1
    private var sinkStorage: ByteSink?
    private var writerStorage: FrameWriter?

    init(path: String?) { self.path = (path == "-") ? nil : path }

    /// A second output file besides the tool's main output (e.g. `whiten --save`); the
    /// caller commits it.
    public static func file(_ path: String) throws -> OutputTarget {
        guard path != "-" else { throw UsageError("a model file cannot be - (stdout carries the data)") }
        return OutputTarget(path: path)
    }

    /// The byte sink, opened on first use.
    public func sink() throws -> ByteSink {
        if let sinkStorage { return sinkStorage }
        let sink: ByteSink
        if let path, Self.isSpecialFile(path) {
            // A device or FIFO (`-o /dev/null`) is written in place: renaming over it would replace it.
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw StreamError.io(path: path, operation: "open", message: String(cString: strerror(errno)))
            }
            descriptor = fd
            sink = ByteSink(descriptor: fd, name: path)
        } else if let path {
            let slash = path.lastIndex(of: "/")
            let directory = slash.map { String(path[...$0]) } ?? ""
            let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
            let temporary = "\(directory).\(base).tmp-\(getpid())"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw StreamError.io(path: path, operation: "create", message: String(cString: strerror(errno)))
            }
            temporaryPath = temporary
            descriptor = fd
            sink = ByteSink(descriptor: fd, name: path)
        } else {
            sink = ByteSink(descriptor: 1, name: "stdout")
        }
        sinkStorage = sink
        return sink
    }

    /// True when `path` exists and is not a regular file.
    static func isSpecialFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG
    }

    /// A frame writer over the sink, made on first use.
    public func frames() throws -> FrameWriter {
        if let writerStorage { return writerStorage }
        let writer = FrameWriter(sink: try sink())
        writerStorage = writer
        return writer
    }

    /// True once anything has been opened for writing.
    public var isOpen: Bool { sinkStorage != nil }

    /// Flushes, and for a file closes it and renames it into place.
    public func commit() throws {
        guard let sink = sinkStorage else { return }
        try sink.flush()
        guard let path else { return }
        guard let temporaryPath else {
            if descriptor >= 0 { close(descriptor); descriptor = -1 }
            return
        }
        if close(descriptor) != 0 {
            throw StreamError.io(path: path, operation: "write", message: String(cString: strerror(errno)))
        }
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw StreamError.io(path: path, operation: "rename the finished output into place", message: message)
        }
        self.temporaryPath = nil
    }

    /// Removes a temporary file after a failure.
    public func discard() {
        if descriptor >= 0 { close(descriptor); descriptor = -1 }
        if let temporaryPath { unlink(temporaryPath) }
        temporaryPath = nil
    }
}
