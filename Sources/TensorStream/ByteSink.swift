#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writing to a file descriptor with write(2) and a 1 MiB buffer.
public final class ByteSink {
    public let name: String
    private let fd: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var used = 0
    /// Bytes accepted so far.
    public private(set) var offset: UInt64 = 0

    public init(descriptor: Int32, name: String) {
        fd = descriptor
        self.name = name
        buffer = .allocate(byteCount: ByteSource.bufferSize, alignment: 64)
        enlargePipe(descriptor)
    }

    deinit { buffer.deallocate() }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw StreamError.brokenPipe }
                throw StreamError.io(path: name, operation: "write", message: String(cString: strerror(errno)))
            }
            done += n
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        offset += UInt64(bytes.count)
        if used + bytes.count > buffer.count {
            try flush()
            if bytes.count >= buffer.count {
                try writeAll(bytes)
                return
            }
        }
        (buffer.baseAddress! + used).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        used += bytes.count
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Hands buffered bytes to the kernel.
    public func flush() throws {
        guard used > 0 else { return }
        let pending = used
        used = 0
        try writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<pending]))
    }
}
