import CPNG

/// The libpng funnel: every libpng call made by ImageIO is in this file.
///
/// Only libpng's simplified API (`png_image`) is used, so no `setjmp`/`longjmp` crosses
/// Swift frames: libpng reports failure through return values and `png_image.message`.
/// Callers above this file see 8-bit sample buffers and `PNGError`, never libpng types.
enum LibPNG {
    /// An image as decoded by libpng: 8-bit samples, row-major, `channels` interleaved
    /// (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA), stored values unchanged (see `decode`).
    struct Decoded {
        var width: Int
        var height: Int
        /// 1 to 4; `hasColor` and `hasAlpha` tell which.
        var channels: Int
        var hasColor: Bool
        var hasAlpha: Bool
        /// `[height, width, channels]`, values 0...255.
        var samples: [UInt8]
    }

    /// Whether `bytes` starts with the 8-byte PNG signature (`png_sig_cmp`).
    static func hasSignature(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 8, let base = bytes.baseAddress else { return false }
        return png_sig_cmp(base.assumingMemoryBound(to: png_byte.self), 0, 8) == 0
    }

    /// Decodes a whole PNG held in memory to 8-bit samples with
    /// `png_image_begin_read_from_memory` and `png_image_finish_read`.
    ///
    /// The output keeps the file's colour model: gray files (any bit depth) give gray, colour
    /// and palette files give RGB, and an alpha channel (or `tRNS`) gives one more channel,
    /// returned unassociated (colour values are not multiplied by alpha). 8-bit files without
    /// a `gAMA` chunk keep their stored values exactly; 16-bit files without one are read as
    /// sRGB-encoded (`PNG_IMAGE_FLAG_16BIT_sRGB`, so no linear-to-sRGB curve is applied) and
    /// reduced to 8 bits by libpng (rounded to nearest). A `gAMA` chunk that differs from
    /// sRGB is honoured by libpng (values converted to sRGB encoding).
    ///
    /// Throws `.empty`, `.notPNG`, `.corrupt`, `.tooLarge` (checked against `maxPixels`
    /// from the header, before the pixel buffer is allocated).
    static func decode(_ bytes: UnsafeRawBufferPointer, name: String,
                       maxPixels: Int = pngMaxPixels) throws -> Decoded {
        guard let base = bytes.baseAddress, bytes.count > 0 else { throw PNGError.empty(name: name) }
        var image = png_image()
        image.version = cpng_image_version()
        defer { png_image_free(&image) }

        guard png_image_begin_read_from_memory(&image, base, bytes.count) != 0 else {
            let text = message(of: &image)
            throw hasSignature(bytes) ? PNGError.corrupt(name: name, message: text)
                                      : PNGError.notPNG(name: name, message: text)
        }
        let width = Int(image.width), height = Int(image.height)
        guard width.multipliedReportingOverflow(by: height).partialValue <= maxPixels,
              width <= Int(Int32.max) / 4
        else { throw PNGError.tooLarge(name: name, width: width, height: height) }

        let fileFormat = image.format
        let hasColor = fileFormat & cpng_format_flag_color() != 0
        let hasAlpha = fileFormat & cpng_format_flag_alpha() != 0
        if fileFormat & cpng_format_flag_linear() != 0 {
            image.flags |= cpng_flag_16bit_srgb()
        }
        image.format = (hasColor ? cpng_format_rgb() : cpng_format_gray())
            | (hasAlpha ? cpng_format_flag_alpha() : 0)
        let channels = Int(cpng_pixel_channels(image.format))
        let expected = Int(cpng_image_size(&image))
        assert(expected == width * height * channels)

        var samples = [UInt8](repeating: 0, count: width * height * channels)
        let ok = samples.withUnsafeMutableBytes { buffer in
            png_image_finish_read(&image, nil, buffer.baseAddress, png_int_32(width * channels), nil)
        }
        guard ok != 0 else {
            throw PNGError.corrupt(name: name, message: message(of: &image))
        }
        return Decoded(width: width, height: height, channels: channels,
                       hasColor: hasColor, hasAlpha: hasAlpha, samples: samples)
    }

    /// Encodes 8-bit gray (`channels == 1`) or RGB (`channels == 3`) samples,
    /// `[height, width, channels]` row-major, to a PNG byte stream with
    /// `png_image_write_to_memory` (libpng adds its sRGB/gamma chunks).
    ///
    /// Throws `.writeFailed` with libpng's message (for example for a zero-sized image).
    static func encode(_ samples: UnsafeRawBufferPointer, width: Int, height: Int,
                       channels: Int, name: String) throws -> [UInt8] {
        precondition(channels == 1 || channels == 3)
        precondition(samples.count == width * height * channels)
        guard let widthU = png_uint_32(exactly: width), let heightU = png_uint_32(exactly: height) else {
            throw PNGError.tooLarge(name: name, width: width, height: height)
        }
        var image = png_image()
        image.version = cpng_image_version()
        image.width = widthU
        image.height = heightU
        image.format = channels == 1 ? cpng_format_gray() : cpng_format_rgb()
        defer { png_image_free(&image) }

        let bound = Int(cpng_png_size_max(&image))
        var output = [UInt8](repeating: 0, count: bound)
        var size = png_alloc_size_t(bound)
        let ok = output.withUnsafeMutableBytes { out in
            png_image_write_to_memory(&image, out.baseAddress, &size, 0,
                                      samples.baseAddress, 0, nil)
        }
        guard ok != 0 else {
            throw PNGError.writeFailed(path: name, message: message(of: &image))
        }
        precondition(Int(size) <= bound)
        output.removeSubrange(Int(size)...)
        return output
    }

    /// libpng's text for the last warning or error on `image` (`png_image.message`).
    private static func message(of image: inout png_image) -> String {
        let text = withUnsafePointer(to: &image) { String(cString: cpng_message($0)) }
        return text.isEmpty ? "unknown libpng error" : text
    }
}
