#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// A temporary file holding one large tensor's elements while they are made out of order (a
/// tiled encoder writes each tile's maps at their offsets), then streamed into a frame by
/// `streamedTensor`. The file is unlinked as soon as it is created (in `$TMPDIR`, else `/tmp`),
/// so nothing is left behind whatever happens; its pages live in the page cache, not in the
/// process's memory. Bytes never written read as zeros.
public final class PayloadFile {
    private let descriptor: Int32
    /// The file's size in bytes.
    public let byteCount: UInt64

    /// A file of `byteCount` zero bytes.
    public init(byteCount: UInt64) throws {
        let fd = try openUnlinkedTemporaryFile(prefix: "latentpipe-payload")
        descriptor = fd
        self.byteCount = byteCount
        guard ftruncate(fd, off_t(byteCount)) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw StreamError.io(path: "temporary file", operation: "make a temporary file of \(byteCount) bytes", message: message)
        }
    }

    deinit { close(descriptor) }

    /// Writes `bytes` at byte `offset`; the range must lie within the file.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        precondition(offset + UInt64(bytes.count) <= byteCount, "\(bytes.count) bytes at \(offset) past a payload of \(byteCount)")
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw StreamError.io(path: "temporary file", operation: "write", message: String(cString: strerror(errno)))
            }
            done += n
        }
    }

    /// Writes `values` as little-endian f32 from element `index` (bytes `4 · index` on).
    public func write(_ values: UnsafeBufferPointer<Float>, atElement index: Int) throws {
        try write(UnsafeRawBufferPointer(values), at: UInt64(index) * 4)
    }

    /// The file's bytes as the elements of tensor `name` (`dtype`, `shape`, whose byte count
    /// must be the file's), read in chunks of 1 MiB as the frame writer asks for them.
    public func streamedTensor(name: String, dtype: DType, shape: [Int]) -> StreamedTensor {
        StreamedTensor(name: name, dtype: dtype, shape: shape) { [self] emit in
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: ByteSource.bufferSize, alignment: 64)
            defer { chunk.deallocate() }
            var offset: UInt64 = 0
            while offset < byteCount {
                let want = Int(min(UInt64(chunk.count), byteCount - offset))
                let n = pread(descriptor, chunk.baseAddress!, want, off_t(offset))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StreamError.io(path: "temporary file", operation: "read", message: String(cString: strerror(errno)))
                }
                guard n > 0 else { throw StreamError.io(path: "temporary file", operation: "read", message: "ended early") }
                try emit(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
                offset += UInt64(n)
            }
        }
    }
}
