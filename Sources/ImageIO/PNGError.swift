/// The largest image, in pixels (width × height), that `readPNG` decodes and `encodePNG`
/// encodes: 2^28 (for example 16384 × 16384). Larger images are refused before any pixel
/// buffer is allocated.
public let pngMaxPixels = 1 << 28

/// Why a PNG could not be read or written.
///
/// `name` is the path, or the name given to `readPNG(data:name:color:)`; `message` is
/// libpng's own text (from `png_image.message`) or the system's (`strerror`). `description`
/// is one lowercase line meant to follow `tool: `, for example
/// `camera.png: not a PNG file (libpng: Not a PNG file)`.
public enum PNGError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened or read (`message` from `strerror`).
    case cannotOpen(path: String, message: String)
    /// The input holds no bytes at all.
    case empty(name: String)
    /// The input does not start with the PNG signature (`message` from libpng).
    case notPNG(name: String, message: String)
    /// The input starts like a PNG but libpng could not decode it: truncated, bad CRC,
    /// bad compressed data, invalid header (`message` from libpng).
    case corrupt(name: String, message: String)
    /// A valid request that this module does not handle (for example an image with a channel
    /// count other than 1 or 3 given to `encodePNG`).
    case unsupported(name: String, reason: String)
    /// The image has more than `pngMaxPixels` pixels.
    case tooLarge(name: String, width: Int, height: Int)
    /// Encoding or writing the output failed (`message` from libpng or `strerror`).
    case writeFailed(path: String, message: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, message):
            return "\(path): cannot open (\(message))"
        case let .empty(name):
            return "\(name): empty file, not a PNG"
        case let .notPNG(name, message):
            return "\(name): not a PNG file (libpng: \(message))"
        case let .corrupt(name, message):
            return "\(name): corrupt or truncated PNG (libpng: \(message))"
        case let .unsupported(name, reason):
            return "\(name): unsupported: \(reason)"
        case let .tooLarge(name, width, height):
            return "\(name): image too large (\(width)x\(height) pixels; the limit is \(pngMaxPixels) pixels)"
        case let .writeFailed(path, message):
            return "\(path): cannot write PNG (\(message))"
        }
    }
}
