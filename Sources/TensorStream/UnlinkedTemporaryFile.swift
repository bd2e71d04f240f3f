#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A new file in `$TMPDIR` (else `/tmp`) named `prefix-XXXXXX`, opened for reading and writing
/// and unlinked at once, so nothing is left behind whatever happens; the caller closes the
/// returned descriptor.
public func openUnlinkedTemporaryFile(prefix: String) throws -> Int32 {
    let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array("\(directory)/\(prefix)-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
        throw StreamError.io(path: directory, operation: "create a temporary file", message: String(cString: strerror(errno)))
    }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    return fd
}
