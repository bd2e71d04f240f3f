#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// One unlinked temporary file, reused for every input: the frame reader reads from a file
/// descriptor (`ByteSource`), so each input is written here and the reader starts at offset 0.
enum MemoryFile {
    static let descriptor: Int32 = {
        var template = Array("/dev/shm/latentpipe-fuzz-XXXXXX".utf8CString)
        var fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 {
            template = Array("/tmp/latentpipe-fuzz-XXXXXX".utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        }
        precondition(fd >= 0, "cannot create the fuzzing temporary file")
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }()

    /// Replaces the file's content with `bytes` and rewinds it; returns the descriptor.
    static func holding(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let fd = descriptor
        precondition(ftruncate(fd, 0) == 0)
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(done))
            precondition(n > 0, "cannot write the fuzzing temporary file")
            done += n
        }
        precondition(lseek(fd, 0, SEEK_SET) == 0)
        return fd
    }
}
