#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import TensorCore
import TensorStream

/// A temporary file that holds frames read from a read-once input (stdin, a FIFO, a process
/// substitution; see `isReadOnce`) so a tool can make a second pass,
/// with memory independent of the input length. It is unlinked as soon as it is created,
/// so nothing is left behind whatever happens.
public final class SpillFile {
    private let descriptor: Int32
    private var writer: FrameWriter?
    private let sink: ByteSink

    public init() throws {
        let fd = try openUnlinkedTemporaryFile(prefix: "latentpipe-spill")
        descriptor = fd
        sink = ByteSink(descriptor: fd, name: "temporary file")
        writer = FrameWriter(sink: sink)
    }

    deinit { close(descriptor) }

    public func append(_ frame: Frame) throws { try writer!.write(frame) }

    /// Finishes writing and reads the frames back from the start.
    public func replay(_ body: (Frame) throws -> Void) throws {
        try sink.flush()
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw StreamError.io(path: "temporary file", operation: "seek", message: String(cString: strerror(errno)))
        }
        let reader = FrameReader(source: ByteSource(descriptor: descriptor, name: "temporary file"))
        while let frame = try reader.next() { try body(frame) }
    }
}
