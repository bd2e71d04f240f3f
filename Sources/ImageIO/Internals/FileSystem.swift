#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX funnel: every file-system call made by ImageIO is in this file.
/// Failures become `PNGError` carrying the path and `strerror(errno)`.
enum FileSystem {
    /// The whole content of the file at `path` (works for regular files, FIFOs, `/dev/stdin`).
    /// Throws `.cannotOpen` if it cannot be opened or read (including a directory).
    static func readAll(path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PNGError.cannotOpen(path: path, message: lastError()) }
        defer { close(fd) }

        var info = stat()
        var capacity = 1 << 16
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 {
            capacity = Int(info.st_size) + 1
        }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: min(max(capacity, 4096), 1 << 24))
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PNGError.cannotOpen(path: path, message: lastError())
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// Writes `bytes` to `path` atomically: to `.<name>.tmp-<pid>` in the same directory,
    /// then `rename(2)` over `path`. On any failure the temporary file is removed and
    /// `.writeFailed` is thrown; `path` is then untouched.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw PNGError.writeFailed(path: path, message: lastError()) }

        var failure: String? = nil
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = lastError()
                    return
                }
                offset += n
            }
        }
        if close(fd) != 0, failure == nil { failure = lastError() }
        if failure == nil, rename(temporary, path) != 0 { failure = lastError() }
        if let failure {
            unlink(temporary)
            throw PNGError.writeFailed(path: path, message: failure)
        }
    }

    /// `dir/.name.tmp-<pid>` for `dir/name` (or `.name.tmp-<pid>` for a bare name).
    static func temporaryPath(for path: String) -> String {
        let pid = getpid()
        if let slash = path.lastIndex(of: "/") {
            let directory = path[...slash]
            let name = path[path.index(after: slash)...]
            return "\(directory).\(name).tmp-\(pid)"
        }
        return ".\(path).tmp-\(pid)"
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
