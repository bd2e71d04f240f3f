import CPNGCodec

/// The libpng funnel: every call into libpng made by ImageIO goes through this file, to the
/// C target `CPNGCodec`, which uses libpng's full API and keeps its `setjmp`/`longjmp` inside
/// C: each call returns a status code and libpng's message, never jumps through Swift.
/// Callers above this file see sample buffers and `PNGError`, never libpng types.
enum LibPNG {
    /// Samples at their own precision: 8-bit, or 16-bit (host order).
    enum Samples: Equatable {
        case eight([UInt8])
        case sixteen([UInt16])

        /// 8 or 16.
        var bitDepth: Int {
            switch self {
            case .eight: return 8
            case .sixteen: return 16
            }
        }
    }

    /// An image as decoded by libpng: the stored samples, row-major, `channels` interleaved
    /// (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA), expanded but not otherwise changed (see `decode`).
    struct Decoded {
        var width: Int
        var height: Int
        /// 1 to 4; `hasColor` and `hasAlpha` tell which.
        var channels: Int
        /// `[height, width, channels]`, values 0...255 (8-bit) or 0...65535 (16-bit).
        var samples: Samples
        /// The file's IHDR: colour type (0, 2, 3, 4, 6), bit depth (1...16), interlaced.
        var fileColorType: Int
        var fileBitDepth: Int
        var interlaced: Bool

        /// RGB(A), as opposed to gray (with or without alpha).
        var hasColor: Bool { channels >= 3 }
        /// An alpha channel, from the file's own or from a `tRNS` chunk.
        var hasAlpha: Bool { channels == 2 || channels == 4 }
    }

    /// Decodes a whole PNG held in memory with `cpng_decode` (libpng's `png_read_info`,
    /// `png_set_expand`, `png_read_update_info`, `png_read_image`, `png_read_end`).
    ///
    /// Samples are the stored ones, with no gamma or colour-space change: `gAMA`, `sRGB`,
    /// `iCCP`, `cHRM`, `sBIT` and the other ancillary chunks except `tRNS` are skipped.
    /// 16-bit files stay 16-bit; gray of 1, 2 or 4 bits is scaled to 8 bits exactly
    /// (`v·255/(2^d − 1)`); palettes are looked up (8-bit RGB); `tRNS` becomes an alpha
    /// channel; interlaced files are de-interlaced.
    ///
    /// Throws `.empty`, `.notPNG` / `.otherFormat` (no PNG signature), `.corrupt`,
    /// `.tooLarge` (more than `maxPixels` pixels, checked from the header before the pixel
    /// buffer is allocated).
    static func decode(_ bytes: UnsafeRawBufferPointer, name: String,
                       maxPixels: Int = pngMaxPixels) throws -> Decoded {
        guard let base = bytes.baseAddress, bytes.count > 0 else { throw PNGError.empty(name: name) }
        var result = cpng_decoded()
        let status = cpng_decode(base.assumingMemoryBound(to: UInt8.self), bytes.count,
                                 UInt64(maxPixels), &result)
        defer { cpng_decoded_free(&result) }
        let width = Int(result.width), height = Int(result.height)
        switch status {
        case CPNG_OK: break
        case CPNG_NOT_PNG:
            if let format = ForeignFormat.detect(bytes) { throw PNGError.otherFormat(name: name, format: format) }
            let damaged = bytes.count >= 4 && bytes[1] == 0x50 && bytes[2] == 0x4E && bytes[3] == 0x47   // "PNG"
            throw PNGError.notPNG(name: name, message: "starts with \"\(shown(bytes.prefix(8)))\", not the PNG signature"
                                  + (damaged ? "; a damaged signature: copied as text, with line endings converted?" : ""))
        case CPNG_TOO_LARGE: throw PNGError.tooLarge(name: name, width: width, height: height)
        case CPNG_NO_MEMORY: throw PNGError.outOfMemory(name: name, width: width, height: height)
        default: throw PNGError.corrupt(name: name, message: message(of: &result))
        }
        let channels = Int(result.channels)
        let count = width * height * channels
        let samples: Samples
        if result.bit_depth == 16 {
            let source = result.samples.assumingMemoryBound(to: UInt16.self)
            samples = .sixteen(Array(UnsafeBufferPointer(start: source, count: count)))
        } else {
            let source = result.samples.assumingMemoryBound(to: UInt8.self)
            samples = .eight(Array(UnsafeBufferPointer(start: source, count: count)))
        }
        return Decoded(width: width, height: height, channels: channels, samples: samples,
                       fileColorType: Int(result.file_color_type),
                       fileBitDepth: Int(result.file_bit_depth), interlaced: result.interlaced != 0)
    }

    /// Encodes gray (`channels == 1`) or RGB (`channels == 3`) samples,
    /// `[height, width, channels]` row-major, to a PNG of their bit depth with `cpng_encode`
    /// (libpng's `png_set_IHDR`, `png_set_sRGB`, `png_write_image`).
    ///
    /// Throws `.tooLarge` (a side beyond 2^31 − 1) or `.writeFailed` with libpng's message
    /// (for example for a zero-sized image).
    static func encode(_ samples: Samples, width: Int, height: Int,
                       channels: Int, name: String) throws -> [UInt8] {
        precondition(channels == 1 || channels == 3)
        guard let widthU = UInt32(exactly: width), let heightU = UInt32(exactly: height),
              width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw PNGError.tooLarge(name: name, width: width, height: height)
        }
        var result = cpng_encoded()
        defer { cpng_encoded_free(&result) }
        let status: cpng_status
        switch samples {
        case .eight(let values):
            precondition(values.count == width * height * channels)
            status = values.withUnsafeBytes {
                cpng_encode($0.baseAddress, widthU, heightU, UInt32(channels), 8, &result)
            }
        case .sixteen(let values):
            precondition(values.count == width * height * channels)
            status = values.withUnsafeBytes {
                cpng_encode($0.baseAddress, widthU, heightU, UInt32(channels), 16, &result)
            }
        }
        guard status == CPNG_OK, let bytes = result.bytes else {
            throw PNGError.writeFailed(path: name, message: message(of: &result))
        }
        return Array(UnsafeBufferPointer(start: bytes, count: result.size))
    }

    /// Bytes as text: printable ASCII as is, others as `\xNN` (as `StreamError` shows them).
    private static func shown(_ bytes: UnsafeRawBufferPointer.SubSequence) -> String {
        bytes.map { byte in
            (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte))
                : "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    /// The message libpng (or the codec) left in a result struct.
    private static func message(of result: inout cpng_decoded) -> String {
        text(&result.message)
    }

    private static func message(of result: inout cpng_encoded) -> String {
        text(&result.message)
    }

    /// A NUL-terminated C character array imported as a tuple.
    private static func text<T>(_ tuple: inout T) -> String {
        let text = withUnsafeBytes(of: &tuple) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.isEmpty ? "unknown libpng error" : text
    }
}
