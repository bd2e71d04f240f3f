/// The bit depth of the samples `encodePNG` writes.
public enum PNGBitDepth: Int, Sendable, CaseIterable {
    /// 256 levels: `round(v · 255)`. Enough to look at; loses detail below 1/510.
    case eight = 8
    /// 65,536 levels: `round(v · 65535)`. For data read back for measurement (a round trip
    /// through 16 bits changes a value by at most 1/131070).
    case sixteen = 16

    /// The largest stored value: 255 or 65535.
    public var maxValue: Int { (1 << rawValue) - 1 }
}

/// Encodes `image` as a PNG of `depth` bits per sample: gray if `image.channels == 1`, RGB
/// if 3, non-interlaced, with an `sRGB` chunk (the values are written as they are).
///
/// Each sample `v` is stored as `round(clamp(v, 0, 1) · M)` with `M = depth.maxValue` (ties
/// away from zero; NaN stored as 0), so `readPNG` returns `v` exactly when `v · M` is an
/// integer in 0...M. Calls `cpng_encode` (libpng's `png_write_image`).
///
/// - Parameter name: labels errors only (the output path, or a description).
/// - Returns: the complete PNG byte stream.
/// - Throws: `PNGError`: `.unsupported` (channels other than 1 or 3), `.tooLarge` (more than
///   `pngMaxPixels` pixels), `.writeFailed` (libpng refused, e.g. a zero-sized image).
public func encodePNG(_ image: Image, depth: PNGBitDepth = .eight, name: String = "<png>") throws -> [UInt8] {
    guard image.channels == 1 || image.channels == 3 else {
        throw PNGError.unsupported(
            name: name, reason: "\(image.channels) channels (PNG output holds 1, gray, or 3, RGB)")
    }
    guard image.width.multipliedReportingOverflow(by: image.height).partialValue <= pngMaxPixels else {
        throw PNGError.tooLarge(name: name, width: image.width, height: image.height)
    }
    precondition(image.pixels.count == image.width * image.height * image.channels,
                 "image pixels do not match its size")
    let samples: LibPNG.Samples
    switch depth {
    case .eight: samples = .eight(image.pixels.map { quantize($0) })
    case .sixteen: samples = .sixteen(image.pixels.map { quantize($0) })
    }
    return try LibPNG.encode(samples, width: image.width, height: image.height,
                             channels: image.channels, name: name)
}

/// `round(clamp(v, 0, 1) · Sample.max)`, NaN → 0.
@inline(__always)
func quantize<Sample: FixedWidthInteger & UnsignedInteger>(_ v: Float) -> Sample {
    guard v > 0 else { return 0 }      // also NaN
    guard v < 1 else { return Sample.max }
    return Sample((v * Float(Sample.max)).rounded())
}
