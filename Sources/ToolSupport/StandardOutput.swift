#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import TensorStream

/// Hands what `print` buffered to stdout and reports a failed write (`--help > /dev/full`)
/// as an error; a reader that went away (`--help | head -1`) is `StreamError.brokenPipe`.
func flushStandardOutput() throws {
    guard fflush(stdout) != 0 else { return }
    if errno == EPIPE { throw StreamError.brokenPipe }
    throw StreamError.io(path: "stdout", operation: "write", message: String(cString: strerror(errno)))
}
