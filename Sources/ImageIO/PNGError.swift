/// The largest image, in pixels (width × height), that `readPNG` decodes and `encodePNG`
/// encodes: 2^28 (for example 16384 × 16384). Larger images are refused from the header,
/// before any pixel buffer is allocated.
public let pngMaxPixels = 1 << 28

/// The largest PNG file `readPNG(path:color:)` reads: 1 GiB. Reading stops there (a device
/// such as `/dev/zero` or an endless pipe cannot exhaust memory).
public let pngMaxFileBytes = 1 << 30

/// Why a PNG could not be read or written.
///
/// `name` is the path (`stdin` for `-`), or the name given to `readPNG(data:name:color:)`;
/// `message` is libpng's own text or the system's (`strerror`). `description` is one line
/// meant to follow `tool: `, for example `camera.png: corrupt or truncated PNG (libpng: IDAT: CRC error)`;
/// system errors are worded as the stream tools word them (`x.png: cannot open: No such file
/// or directory`).
public enum PNGError: Error, CustomStringConvertible, Equatable {
    /// A system call failed: `operation` is `open` or `read` (`message` from `strerror`, or
    /// `is a directory`), as `StreamError.io` words it.
    case io(path: String, operation: String, message: String)
    /// The input holds no bytes at all.
    case empty(name: String)
    /// The input does not start with the PNG signature, nor with one of a `ForeignFormat`.
    case notPNG(name: String, message: String)
    /// The input is a file of another known format (JPEG, GIF, a tensor stream, ...).
    case otherFormat(name: String, format: ForeignFormat)
    /// The input starts like a PNG but libpng could not decode it: truncated, bad CRC,
    /// bad compressed data, invalid header (`message` from libpng).
    case corrupt(name: String, message: String)
    /// A valid request that this module does not handle (for example an image with a channel
    /// count other than 1 or 3 given to `encodePNG`).
    case unsupported(name: String, reason: String)
    /// The image has more than `pngMaxPixels` pixels.
    case tooLarge(name: String, width: Int, height: Int)
    /// The header declares more image data (`rawBytes`) than the file's `compressedBytes` of
    /// `IDAT` data can inflate to (deflate's 1032:1 at most): truncated or corrupt.
    case dataTooShort(name: String, width: Int, height: Int, rawBytes: Int, compressedBytes: Int)
    /// The file is larger than `pngMaxFileBytes`.
    case fileTooLarge(name: String)
    /// The pixel buffer of an image within the limit could not be allocated.
    case outOfMemory(name: String, width: Int, height: Int)
    /// Encoding or writing the output failed (`message` from libpng or `strerror`).
    case writeFailed(path: String, message: String)

    public var description: String {
        switch self {
        case let .io(path, operation, message):
            return "\(path): cannot \(operation): \(message)"
        case let .empty(name):
            return "\(name): empty file, not a PNG"
        case let .notPNG(name, message):
            return "\(name): not a PNG file (\(message))"
        case let .otherFormat(name, format):
            return "\(name): this is a \(format.rawValue) file, not a PNG; \(format.hint(for: name))"
        case let .corrupt(name, message):
            return "\(name): corrupt or truncated PNG (libpng: \(message))"
        case let .unsupported(name, reason):
            return "\(name): unsupported: \(reason)"
        case let .tooLarge(name, width, height):
            return "\(name): image too large (\(width)x\(height) pixels; the limit is \(pngMaxPixels) pixels)"
        case let .dataTooShort(name, width, height, raw, compressed):
            return "\(name): truncated or corrupt PNG: the header declares \(width)x\(height) pixels (\(raw) bytes of image data) but the file holds \(compressed) compressed bytes, which inflate to at most \(compressed * 1032)"
        case let .fileTooLarge(name):
            return "\(name): file too large for a PNG (more than \(pngMaxFileBytes) bytes)"
        case let .outOfMemory(name, width, height):
            return "\(name): not enough memory to decode a \(width)x\(height) image"
        case let .writeFailed(path, message):
            return "\(path): cannot write: \(message)"
        }
    }
}
