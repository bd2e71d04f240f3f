#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// The POSIX funnel: every file-system call made by ImageIO is in this file.
/// Failures become `PNGError` carrying the path and `strerror(errno)`.
enum FileSystem {
    /// The content of the file at `path` (`-`: standard input), for regular files, FIFOs and
    /// devices alike, read until end of file or until `limit` bytes are exceeded.
    ///
    /// After the first `probeLength` bytes, `keepReading(prefix)` decides whether the rest is
    /// worth reading; when it returns false, only that prefix is returned (so `/dev/zero`,
    /// which is no PNG, is refused after one read).
    ///
    /// Throws `.io` when the file cannot be opened or read (`cannot read: is a directory` for a
    /// directory, as the stream tools say), `.fileTooLarge` past `limit` bytes.
    static func readAll(path: String, limit: Int, probeLength: Int = 16,
                        keepReading: ([UInt8]) -> Bool = { _ in true }) throws -> [UInt8] {
        let name = inputName(path)
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PNGError.io(path: name, operation: "open", message: lastError()) }
        defer { if path != "-" { close(fd) } }

        var info = stat()
        var capacity = 1 << 16
        if fstat(fd, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw PNGError.io(path: name, operation: "read", message: "is a directory")
            }
            if (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 {
                guard info.st_size <= limit else { throw PNGError.fileTooLarge(name: name) }
                capacity = Int(info.st_size) + 1
            }
        }
        var bytes = [UInt8]()
        var probed = false
        var chunk = [UInt8](repeating: 0, count: min(max(capacity, 4096), 1 << 24))
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PNGError.io(path: name, operation: "read", message: lastError())
            }
            if n == 0 { break }
            guard n <= limit - bytes.count else { throw PNGError.fileTooLarge(name: name) }
            bytes.append(contentsOf: chunk[0..<n])
            if !probed, bytes.count >= probeLength {
                probed = true
                if !keepReading(bytes) { break }
            }
        }
        return bytes
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
