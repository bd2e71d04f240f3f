#if canImport(Glibc)
import Glibc
#endif
@testable import ImageIO
import TensorCore

/// A random image whose samples are multiples of 1/255 (exactly representable in 8-bit PNG).
func randomByteImage(width: Int, height: Int, channels: Int, seed: UInt64) -> Image {
    var generator = SeededGenerator(seed: seed)
    let pixels = (0..<(width * height * channels)).map { _ in Float(generator.below(256)) / 255 }
    return Image(width: width, height: height, channels: channels, pixels: pixels)
}

/// A fresh empty directory under /tmp, removed by `removeDirectory`.
func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/imageio-tests-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
    precondition(made, "mkdtemp failed")
    return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

/// Names of the entries of `directory` (without "." and "..").
func directoryEntries(_ directory: String) -> [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

/// Removes `directory` and the files directly inside it.
func removeDirectory(_ directory: String) {
    for name in directoryEntries(directory) { unlink(directory + "/" + name) }
    rmdir(directory)
}

/// Writes raw bytes to `path` (test fixture set-up; not atomic).
func writeBytes(_ bytes: [UInt8], to path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    precondition(fd >= 0)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}
