#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import TensorStream

/// Writes `text` to stdout and flushes it, reporting a failed write (`--help > /dev/full`) as
/// an error; a reader that went away (`--help | head -1`) is `StreamError.brokenPipe`.
func writeStandardOutput(_ text: String) throws {
    // A text longer than stdio's buffer is partly written before the flush; when that write
    // fails, only the stream's error flag and errno remember it.
    errno = 0
    fputs(text, stdout)
    guard fflush(stdout) != 0 || ferror(stdout) != 0 else { return }
    if errno == EPIPE { throw StreamError.brokenPipe }
    throw StreamError.io(path: "stdout", operation: "write", message: String(cString: strerror(errno)))
}
