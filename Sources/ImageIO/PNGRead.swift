import TensorCore

/// Reads the PNG file at `path`, or standard input when `path` is `-` (named `stdin` in
/// errors); see `readPNG(data:name:color:)` for what the samples are.
///
/// Reads at most `pngMaxFileBytes`; input that does not start with the PNG signature is
/// refused after its first bytes (so `/dev/zero` or a JPEG is not read to the end).
///
/// - Returns: an image of `channels == 3` if `color`, else `channels == 1`; pixels
///   `[height, width, channels]`, values in [0, 1].
/// - Throws: `PNGError`: `.io` (missing, unreadable, a directory), `.fileTooLarge`, and
///   those of `readPNG(data:name:color:)`.
public func readPNG(path: String, color: Bool) throws -> Image {
    let bytes = try FileSystem.readAll(path: path, limit: pngMaxFileBytes, probeLength: 8) {
        $0.starts(with: pngSignature)
    }
    return try readPNG(data: bytes, name: inputName(path), color: color)
}

/// Decodes a PNG byte stream held in memory; `name` only labels errors (a path, `stdin`).
///
/// The samples are the ones stored in the file, at their own precision: an 8-bit sample `v`
/// becomes `v / 255`, a 16-bit one `v / 65535` (no reduction to 8 bits), a 1-, 2- or 4-bit
/// gray one `v / (2^d − 1)`, a palette index its palette entry's `v / 255`. Nothing is
/// converted for display: `gAMA`, `sRGB`, `iCCP` and `cHRM` chunks are ignored, as PIL,
/// imageio, scikit-image and OpenCV ignore them. Every colour type, bit depth and interlacing
/// is accepted.
///
/// - Alpha is dropped: the alpha channel (or `tRNS` transparency) is ignored, never
///   composited, so a transparent pixel keeps its stored colour.
/// - `color == false`: gray files are returned as stored; colour files are converted with
///   Rec.601 luma `0.299 R + 0.587 G + 0.114 B` on the stored values, as PIL's
///   `convert("L")` does, but without PIL's rounding to 8 bits (the result is a `Float`).
/// - `color == true`: colour files are returned as stored; gray files are replicated to
///   three equal channels.
///
/// - Returns: `channels == 3` if `color`, else 1; pixels `[height, width, channels]` in [0, 1].
/// - Throws: `PNGError`: `.empty`, `.otherFormat` (a JPEG, GIF, tensor stream, ...),
///   `.notPNG` (no PNG signature), `.corrupt` (truncated, bad CRC, bad compressed data,
///   invalid header, more pixels declared than the data can inflate to), `.tooLarge` (more than `pngMaxPixels` pixels, refused from the header
///   before allocating).
public func readPNG(data: [UInt8], name: String, color: Bool) throws -> Image {
    try checkDeclaredSizeFitsData(data, name: name)
    let decoded = try data.withUnsafeBytes { try LibPNG.decode($0, name: name) }
    return convert(decoded, color: color)
}

/// The 8-byte PNG signature.
let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

/// Rec.601 luma weights (ITU-R BT.601), applied to stored values as PIL does.
let lumaWeights: (red: Float, green: Float, blue: Float) = (0.299, 0.587, 0.114)

/// `v / 255` for every 8-bit `v`, correctly rounded (`v * (1 / 255)` is not always equal).
let byteValues: [Float] = (0...255).map { Float($0) / 255 }

/// `v / 65535` for every 16-bit `v`, correctly rounded.
let wordValues: [Float] = (0...65_535).map { Float($0) / 65_535 }

/// Converts libpng's samples (gray, GA, RGB or RGBA; 8 or 16 bits) to a 1- or 3-channel
/// `Float` image, dropping alpha (see `readPNG(data:name:color:)`).
func convert(_ decoded: LibPNG.Decoded, color: Bool) -> Image {
    switch decoded.samples {
    case .eight(let samples):
        return convert(samples, decoded, color: color, values: byteValues, maxValue: 255)
    case .sixteen(let samples):
        return convert(samples, decoded, color: color, values: wordValues, maxValue: 65_535)
    }
}

/// The conversion for one sample type: `values[v]` is `v / maxValue`.
private func convert<Sample: FixedWidthInteger & UnsignedInteger>(
    _ samples: [Sample], _ decoded: LibPNG.Decoded, color: Bool, values table: [Float], maxValue: Float
) -> Image {
    let count = decoded.width * decoded.height
    let stride = decoded.channels
    let outChannels = color ? 3 : 1
    var pixels = [Float](repeating: 0, count: count * outChannels)
    samples.withUnsafeBufferPointer { src in
        table.withUnsafeBufferPointer { table in
            pixels.withUnsafeMutableBufferPointer { dst in
                switch (decoded.hasColor, color) {
                case (false, false):
                    for i in 0..<count { dst[i] = table[Int(src[i * stride])] }
                case (false, true):
                    for i in 0..<count {
                        let v = table[Int(src[i * stride])]
                        dst[3 * i] = v; dst[3 * i + 1] = v; dst[3 * i + 2] = v
                    }
                case (true, false):
                    for i in 0..<count {
                        let r = Float(src[i * stride]), g = Float(src[i * stride + 1])
                        let b = Float(src[i * stride + 2])
                        let luma = lumaWeights.red * r + lumaWeights.green * g + lumaWeights.blue * b
                        dst[i] = luma / maxValue
                    }
                case (true, true):
                    for i in 0..<count {
                        dst[3 * i] = table[Int(src[i * stride])]
                        dst[3 * i + 1] = table[Int(src[i * stride + 1])]
                        dst[3 * i + 2] = table[Int(src[i * stride + 2])]
                    }
                }
            }
        }
    }
    return Image(width: decoded.width, height: decoded.height, channels: outChannels, pixels: pixels)
}
