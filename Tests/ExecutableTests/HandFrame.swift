/// An encoder of stream frames written from docs/stream-format.md, independent of the
/// TensorStream module (its own CRC-32), to make valid, corrupt and hostile inputs.
enum HandFrame {
    struct TensorSpec {
        var name: String
        var dtype: UInt8          // 1 f32, 2 f64, 3 i32, 4 u8
        var shape: [UInt64]
        var payload: [UInt8]
    }

    static func f32(_ name: String, _ shape: [UInt64], _ values: [Float]) -> TensorSpec {
        TensorSpec(name: name, dtype: 1, shape: shape, payload: values.flatMap { le($0.bitPattern) })
    }

    static func f64(_ name: String, _ shape: [UInt64], _ values: [Double]) -> TensorSpec {
        TensorSpec(name: name, dtype: 2, shape: shape, payload: values.flatMap { le($0.bitPattern) })
    }

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    /// A frame; `payloadLength` overrides the true length (to make hostile headers).
    static func encode(_ tensors: [TensorSpec], numbers: [(String, Double)] = [], strings: [(String, String)] = [],
                       payloadLength: UInt64? = nil) -> [UInt8] {
        var header = le(UInt16(tensors.count)) + le(UInt16(numbers.count + strings.count))
        var payload: [UInt8] = []
        for tensor in tensors {
            header += [UInt8(tensor.name.utf8.count)] + Array(tensor.name.utf8) + [tensor.dtype, UInt8(tensor.shape.count)]
            for d in tensor.shape { header += le(d) }
            payload += tensor.payload
        }
        for (key, value) in numbers {
            header += [UInt8(key.utf8.count)] + Array(key.utf8) + [1] + le(value.bitPattern)
        }
        for (key, value) in strings {
            header += [UInt8(key.utf8.count)] + Array(key.utf8) + [2] + le(UInt32(value.utf8.count)) + Array(value.utf8)
        }
        let prelude = Array("LPTS".utf8) + le(UInt16(1)) + le(UInt16(0)) + le(UInt32(header.count)) + le(crc32(header))
            + le(payloadLength ?? UInt64(payload.count))
        return prelude + header + payload + le(crc32(payload))
    }
}
