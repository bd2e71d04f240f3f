#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import TensorStream

/// A file that appears complete or not at all: written to a temporary `.NAME.tmp-PID-XXXXXXXX`
/// in the destination's directory (created with `O_EXCL`, so the name is ours alone), synced
/// with `fsync` and renamed over the destination by `commit`. `discard`, a failure, or SIGINT,
/// SIGTERM or SIGHUP (see `SignalCleanup`) removes the temporary. A device or FIFO
/// (`/dev/null`, `/dev/full`, a named pipe) is written in place, since renaming over it would
/// replace it; `/dev/stdout` and `/dev/stderr` are the process's own descriptors.
public final class AtomicFile {
    /// The destination, as given.
    public let path: String
    /// What is replaced: `path`, or the file a symbolic link `path` points to.
    private let destination: String
    /// Where the bytes go until `commit`; nil when written in place.
    public private(set) var temporaryPath: String?
    /// The descriptor to write to; -1 once committed or discarded.
    public private(set) var descriptor: Int32
    private var slot: Int?
    private let ownsDescriptor: Bool

    /// Opens `path` for writing: creates the temporary, or opens a device or FIFO in place.
    /// Throws at once when the directory does not exist or is not writable, so that a tool can
    /// check its outputs before it starts work.
    public init(path: String) throws {
        self.path = path
        destination = Self.resolvingSymbolicLink(path)
        if let standard = Self.standardDescriptors[path] {
            descriptor = standard
            ownsDescriptor = false
            return
        }
        ownsDescriptor = true
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Self.failure(path, "open") }
            descriptor = fd
            return
        }
        let existingMode = stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
        // A read-only file stays protected, as it would from `> FILE`, though a rename could replace it.
        if existingMode != nil && access(path, W_OK) != 0 { throw Self.failure(path, "open") }
        let (directory, name) = Self.split(destination)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw StreamError.io(path: path, operation: "create", message: "Is a directory")
        }
        var created: (path: String, fd: Int32, slot: Int)?
        for _ in 0..<100 where created == nil {
            // Cut long names so the temporary's stays under NAME_MAX (255 bytes).
            let shortName = String(decoding: name.utf8.prefix(200), as: UTF8.self)
            let candidate = "\(directory).\(shortName).tmp-\(getpid())-\(Self.randomSuffix())"
            let outcome: (fd: Int32, slot: Int?, error: Int32) = TemporaryFiles.withSignalsBlocked {
                guard let slot = TemporaryFiles.register(candidate) else { return (-1, nil, EMFILE) }
                let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
                let error = errno
                if fd < 0 { TemporaryFiles.unregister(slot) }
                return (fd, fd < 0 ? nil : slot, error)
            }
            if let slot = outcome.slot {
                created = (candidate, outcome.fd, slot)
            } else if outcome.error != EEXIST {
                throw StreamError.io(path: path, operation: "create", message: String(cString: strerror(outcome.error)))
            }
        }
        guard let created else { throw StreamError.io(path: path, operation: "create", message: "no unused temporary name") }
        // Replacing a file keeps its permissions, as editing it in place would.
        if let existingMode { _ = fchmod(created.fd, existingMode) }
        temporaryPath = created.path
        descriptor = created.fd
        slot = created.slot
    }

    /// True when the bytes go to a temporary that `commit` renames.
    public var isTemporary: Bool { temporaryPath != nil }

    /// Makes the written bytes durable (`fsync`) and closes the descriptor; the temporary
    /// keeps its name until `rename`. Throws (and discards) on a write-back error such as
    /// ENOSPC or EIO.
    public func close() throws {
        guard descriptor >= 0 else { return }
        let fd = descriptor
        descriptor = -1
        guard ownsDescriptor else { return }
        // A device or FIFO cannot be synced (EINVAL); only the temporary needs it.
        if isTemporary && fsync(fd) != 0 {
            let error = Self.failure(path, "write")
            _ = Glibc.close(fd)
            discard()
            throw error
        }
        if Glibc.close(fd) != 0 {
            let error = Self.failure(path, "write")
            discard()
            throw error
        }
    }

    /// Closes (see `close`) and renames the temporary over the destination.
    public func commit() throws {
        try close()
        guard let temporary = temporaryPath, let slot else { return }
        let error: Int32 = TemporaryFiles.withSignalsBlocked {
            guard rename(temporary, destination) == 0 else { return errno }
            TemporaryFiles.unregister(slot)
            return 0
        }
        guard error == 0 else {
            discard()
            throw StreamError.io(path: path, operation: "rename the finished output into place", message: String(cString: strerror(error)))
        }
        temporaryPath = nil
        self.slot = nil
        syncDirectory()
    }

    /// Closes and removes the temporary; the destination is left as it was.
    public func discard() {
        if descriptor >= 0 {
            if ownsDescriptor { _ = Glibc.close(descriptor) }
            descriptor = -1
        }
        guard let temporary = temporaryPath, let slot else { return }
        TemporaryFiles.withSignalsBlocked {
            unlink(temporary)
            TemporaryFiles.unregister(slot)
        }
        temporaryPath = nil
        self.slot = nil
    }

    deinit { discard() }

    /// Best effort: makes the rename itself durable.
    private func syncDirectory() {
        let directory = Self.split(destination).directory
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = Glibc.close(fd)
    }

    /// The directory part with its trailing slash (empty for a bare name) and the name.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }

    /// The file a symbolic link points to, so that writing through `latest.lpt -> run-7.lpt`
    /// replaces run-7.lpt and keeps the link; `path` itself otherwise (or when the link dangles).
    static func resolvingSymbolicLink(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static let standardDescriptors: [String: Int32] = ["/dev/stdout": 1, "/dev/stderr": 2]

    static func randomSuffix() -> String {
        let value = UInt32.random(in: 0...UInt32.max)
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    private static func failure(_ path: String, _ operation: String) -> StreamError {
        StreamError.io(path: path, operation: operation, message: String(cString: strerror(errno)))
    }
}
