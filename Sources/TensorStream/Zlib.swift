import CChecksum
import CZlib

/// Every zlib call goes through here: CRC-32, raw deflate and inflate (for `.npz`).
enum Zlib {
    /// CRC-32 (the zlib/PNG/ZIP polynomial) continued from `crc` over `bytes`: zlib's value,
    /// computed by carry-less multiplication where the CPU has it (about 3x zlib here).
    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return latentpipe_crc32(crc, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { crc32(0, $0) }
    }

    /// Raw deflate (no zlib header), as ZIP's method 8 stores it.
    static func deflateRaw(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        guard input.count < Int(UInt32.max) else {
            throw StreamError.cannotWrite(detail: "\(input.count) bytes are too many to deflate in one piece (at most 4 GiB)")
        }
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw StreamError.cannotWrite(detail: "zlib deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(outBuf.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else {
            throw StreamError.cannotWrite(detail: "zlib deflate failed (\(status))")
        }
        output.removeLast(bound - Int(stream.total_out))
        return output
    }

    /// Deflate expands at most 1032:1, so a member claiming more is refused before its
    /// output buffer is allocated.
    static let maxInflationRatio = 1032

    /// Inflates raw deflate data that must expand to exactly `expectedSize` bytes.
    static func inflateRaw(_ input: ArraySlice<UInt8>, expectedSize: Int, source: String) throws -> [UInt8] {
        guard input.count < Int(UInt32.max), expectedSize < Int(UInt32.max),
              expectedSize <= input.count * maxInflationRatio + 64 else {
            throw StreamError.badNumpy(source: source, detail: "corrupt .npz: a member claims \(expectedSize) bytes from \(input.count) compressed bytes")
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw StreamError.badNumpy(source: source, detail: "zlib inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: expectedSize)
        var input = Array(input)
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(outBuf.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == expectedSize else {
            throw StreamError.badNumpy(source: source, detail: "corrupt compressed member in .npz (zlib status \(status))")
        }
        return output
    }
}
