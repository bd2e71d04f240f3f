/// Reads the PNG file at `path` (see `readPNG(data:name:color:)` for the conversions).
///
/// - Returns: an image of `channels == 3` if `color`, else `channels == 1`; pixels
///   `[height, width, channels]`, values in [0, 1].
/// - Throws: `PNGError`: `.cannotOpen` (missing, unreadable, a directory), `.empty`,
///   `.notPNG`, `.corrupt`, `.tooLarge`.
public func readPNG(path: String, color: Bool) throws -> Image {
    let bytes = try FileSystem.readAll(path: path)
    return try readPNG(data: bytes, name: path, color: color)
}

/// Decodes a PNG byte stream held in memory; `name` only labels errors (a path, `<stdin>`).
///
/// Accepts every PNG colour type and bit depth (gray 1/2/4/8/16, gray+alpha, RGB, RGBA,
/// palette with or without `tRNS`, interlaced or not); libpng expands them to 8 bits per
/// sample, keeping the stored (sRGB-encoded) values: sample `v` becomes `v / 255`. 16-bit
/// files are reduced to 8 bits by libpng, to the nearest value: `round(v·255/65535) / 255`. A `gAMA` chunk that disagrees with sRGB is
/// honoured by libpng (values re-encoded to sRGB); without one, values are kept as stored.
///
/// - Alpha is ignored: the alpha channel (or `tRNS` transparency) is dropped, never
///   composited, so a transparent pixel keeps its stored colour.
/// - `color == false`: gray files are returned as stored; colour files are converted with
///   Rec.601 luma `0.299 R + 0.587 G + 0.114 B` on the stored 8-bit values, as PIL's
///   `convert("L")` does, but without PIL's rounding to 8 bits (the result is a `Float`,
///   within 0.5/255 of PIL's).
/// - `color == true`: colour files are returned as stored; gray files are replicated to
///   three equal channels.
///
/// - Returns: `channels == 3` if `color`, else 1; pixels `[height, width, channels]` in [0, 1].
/// - Throws: `PNGError`: `.empty`, `.notPNG` (no PNG signature), `.corrupt` (truncated,
///   bad CRC, bad compressed data, invalid header), `.tooLarge` (more than `pngMaxPixels`
///   pixels, refused from the header before allocating).
public func readPNG(data: [UInt8], name: String, color: Bool) throws -> Image {
    let decoded = try data.withUnsafeBytes { try LibPNG.decode($0, name: name) }
    return convert(decoded, color: color)
}

/// Rec.601 luma weights (ITU-R BT.601), applied to sRGB-encoded values as PIL does.
let lumaWeights: (red: Float, green: Float, blue: Float) = (0.299, 0.587, 0.114)

/// `v / 255` for every byte `v`, correctly rounded (`v * (1 / 255)` is not always equal).
let byteValues: [Float] = (0...255).map { Float($0) / 255 }

/// Converts libpng's 8-bit samples (gray, GA, RGB or RGBA) to a 1- or 3-channel `Float`
/// image, dropping alpha (see `readPNG(data:name:color:)`).
func convert(_ decoded: LibPNG.Decoded, color: Bool) -> Image {
    let count = decoded.width * decoded.height
    let stride = decoded.channels
    let outChannels = color ? 3 : 1
    let table = byteValues
    var pixels = [Float](repeating: 0, count: count * outChannels)
    decoded.samples.withUnsafeBufferPointer { src in
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
                    dst[i] = luma / 255
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
    return Image(width: decoded.width, height: decoded.height, channels: outChannels, pixels: pixels)
}
