// An independent PNG encoder for tests: no libpng, no zlib. Scanlines use filter type 0
// and the zlib stream uses stored (uncompressed) deflate blocks, so every byte of the file
// is spelled out here and the decoder under test is checked against a second implementation.

/// Builds PNG byte streams by hand (PNG 1.2 / ISO 15948).
enum HandPNG {
    /// PNG colour types (IHDR byte 9).
    enum ColorType: UInt8 {
        case gray = 0, rgb = 2, palette = 3, grayAlpha = 4, rgba = 6
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A complete PNG: signature, IHDR, extra chunks (e.g. PLTE, tRNS), one IDAT, IEND.
    /// `rows` are the raw scanline bytes (without filter byte) already packed for `bitDepth`.
    static func png(width: Int, height: Int, bitDepth: UInt8, colorType: ColorType,
                    rows: [[UInt8]], extraChunks: [(String, [UInt8])] = []) -> [UInt8] {
        precondition(rows.count == height)
        var ihdr: [UInt8] = []
        ihdr += bigEndian32(UInt32(width))
        ihdr += bigEndian32(UInt32(height))
        ihdr += [bitDepth, colorType.rawValue, 0, 0, 0]   // deflate, adaptive filtering, no interlace
        var raw: [UInt8] = []
        for row in rows { raw.append(0); raw += row }      // filter type 0 (None)
        var out = signature
        out += chunk("IHDR", ihdr)
        for (type, data) in extraChunks { out += chunk(type, data) }
        out += chunk("IDAT", zlibStored(raw))
        out += chunk("IEND", [])
        return out
    }

    /// One chunk: length, type, data, CRC-32 over type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        precondition(typeBytes.count == 4)
        return bigEndian32(UInt32(data.count)) + typeBytes + data + bigEndian32(crc32(typeBytes + data))
    }

    /// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4).
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]                    // CM 8, 32K window; FCHECK makes 0x7801 % 31 == 0
        var start = 0
        repeat {
            let n = min(65_535, data.count - start)
            let final: UInt8 = start + n == data.count ? 1 : 0
            out.append(final)                                  // BFINAL, BTYPE 00
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[start..<(start + n)]
            start += n
        } while start < data.count
        return out + bigEndian32(adler32(data))
    }

    /// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Adler-32 (RFC 1950).
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    static func bigEndian32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    /// 16-bit samples, big-endian, as PNG stores them.
    static func pack16(_ samples: [UInt16]) -> [UInt8] {
        samples.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// Samples of 1, 2 or 4 bits packed most significant first, the last byte zero-padded.
    static func packBits(_ samples: [UInt8], depth: Int) -> [UInt8] {
        precondition([1, 2, 4].contains(depth))
        let perByte = 8 / depth
        var out: [UInt8] = []
        for start in stride(from: 0, to: samples.count, by: perByte) {
            var byte: UInt8 = 0
            for k in 0..<perByte {
                let v = start + k < samples.count ? samples[start + k] : 0
                precondition(Int(v) < 1 << depth)
                byte |= v << UInt8(8 - depth * (k + 1))
            }
            out.append(byte)
        }
        return out
    }

    /// Splits row-major samples into `height` rows of `rowCount` samples.
    static func rows<T>(_ samples: [T], height: Int) -> [[T]] {
        let n = height == 0 ? 0 : samples.count / height
        return (0..<height).map { Array(samples[($0 * n)..<(($0 + 1) * n)]) }
    }

    /// Offsets of the chunks in a PNG stream: (type, offset of the length field, data length).
    static func chunks(in png: [UInt8]) -> [(type: String, offset: Int, length: Int)] {
        var result: [(String, Int, Int)] = []
        var offset = 8
        while offset + 12 <= png.count {
            let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16
                | Int(png[offset + 2]) << 8 | Int(png[offset + 3])
            let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
            result.append((type, offset, length))
            offset += 12 + length
        }
        return result
    }
}
