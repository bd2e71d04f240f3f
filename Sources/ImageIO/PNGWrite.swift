/// Encodes `image` as an 8-bit PNG: gray if `image.channels == 1`, RGB if 3.
///
/// Each sample `v` is stored as `round(clamp(v, 0, 1) * 255)` (ties away from zero; NaN
/// stored as 0), so `readPNG` returns `v` exactly when `v * 255` is an integer in 0...255.
/// Calls `png_image_write_to_memory`.
///
/// - Parameter name: labels errors only (the output path, or a description).
/// - Returns: the complete PNG byte stream.
/// - Throws: `PNGError`: `.unsupported` (channels other than 1 or 3), `.tooLarge` (more than
///   `pngMaxPixels` pixels), `.writeFailed` (libpng refused, e.g. a zero-sized image).
public func encodePNG(_ image: Image, name: String = "<png>") throws -> [UInt8] {
    guard image.channels == 1 || image.channels == 3 else {
        throw PNGError.unsupported(
            name: name, reason: "\(image.channels) channels (PNG output holds 1, gray, or 3, RGB)")
    }
    guard image.width.multipliedReportingOverflow(by: image.height).partialValue <= pngMaxPixels else {
        throw PNGError.tooLarge(name: name, width: image.width, height: image.height)
    }
    precondition(image.pixels.count == image.width * image.height * image.channels,
                 "image pixels do not match its size")
    let samples = image.pixels.map(quantize)
    return try samples.withUnsafeBytes {
        try LibPNG.encode($0, width: image.width, height: image.height,
                          channels: image.channels, name: name)
    }
}

/// Writes `image` to `path` as an 8-bit PNG (see `encodePNG`), atomically: the bytes go to
/// `.<name>.tmp-<pid>` in the same directory, which is then renamed over `path`; on
/// failure the temporary file is removed and `path` is left as it was.
///
/// - Throws: `PNGError`: those of `encodePNG`, and `.writeFailed` with the system's message.
public func writePNG(_ image: Image, path: String) throws {
    let bytes = try encodePNG(image, name: path)
    try FileSystem.writeAtomically(bytes, to: path)
}

/// `round(clamp(v, 0, 1) * 255)`, NaN → 0.
@inline(__always)
func quantize(_ v: Float) -> UInt8 {
    guard v > 0 else { return 0 }      // also NaN
    guard v < 1 else { return 255 }
    return UInt8((v * 255).rounded())
}
