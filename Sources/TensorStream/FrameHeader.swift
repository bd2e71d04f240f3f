import TensorCore

/// What a frame header says: each tensor's name, dtype and shape, and the attributes.
struct FrameHeader {
    struct TensorEntry {
        var name: String
        var dtype: DType
        var shape: [Int]
        var byteCount: Int
    }

    var tensors: [TensorEntry]
    var attributes: [(key: String, value: AttributeValue)]

    /// The header body's bytes (everything between the prelude and the payload).
    static func encode(_ frame: Frame) throws -> [UInt8] {
        try encode(tensors: frame.tensors.map { ($0.name, $0.tensor.dtype, $0.tensor.shape) }, attributes: frame.attributes)
    }

    /// The header body's bytes for tensors described by name, dtype and shape (their elements
    /// need not be in memory: `FrameWriter.write(_:streaming:)`).
    static func encode(tensors: [(name: String, dtype: DType, shape: [Int])],
                       attributes: [(key: String, value: AttributeValue)]) throws -> [UInt8] {
        guard tensors.count <= FrameFormat.maxTensors else {
            throw StreamError.cannotWrite(detail: "\(tensors.count) tensors in one frame (at most \(FrameFormat.maxTensors))")
        }
        guard attributes.count <= FrameFormat.maxAttributes else {
            throw StreamError.cannotWrite(detail: "\(attributes.count) attributes in one frame (at most \(FrameFormat.maxAttributes))")
        }
        var out: [UInt8] = []
        out.appendLittleEndian(UInt16(tensors.count))
        out.appendLittleEndian(UInt16(attributes.count))
        for (name, dtype, shape) in tensors {
            try out.appendName(name)
            out.append(dtype.rawValue)
            guard shape.count <= FrameFormat.maxRank else {
                throw StreamError.cannotWrite(detail: "tensor '\(name)' has rank \(shape.count) (at most \(FrameFormat.maxRank))")
            }
            out.append(UInt8(shape.count))
            for dim in shape { out.appendLittleEndian(UInt64(dim)) }
        }
        for (key, value) in attributes {
            try out.appendName(key)
            switch value {
            case .number(let n):
                out.append(FrameFormat.attributeNumber)
                out.appendLittleEndian(n.bitPattern)
            case .string(let s):
                out.append(FrameFormat.attributeString)
                let bytes = Array(s.utf8)
                out.appendLittleEndian(UInt32(bytes.count))
                out += bytes
            }
        }
        guard out.count <= FrameFormat.maxHeaderBytes else {
            throw StreamError.cannotWrite(detail: "frame header of \(out.count) bytes (at most \(FrameFormat.maxHeaderBytes))")
        }
        return out
    }

    /// Parses a header body and checks it against the payload length before anything is allocated.
    static func decode(_ bytes: [UInt8], payloadLength: UInt64, source: String, frame: Int) throws -> FrameHeader {
        var cursor = ByteCursor(bytes: bytes)
        func corrupt(_ detail: String) -> StreamError {
            .corruptHeader(source: source, frame: frame, detail: detail)
        }
        guard let tensorCount = cursor.uint16(), let attributeCount = cursor.uint16() else {
            throw corrupt("header too short")
        }
        guard tensorCount <= FrameFormat.maxTensors else { throw corrupt("\(tensorCount) tensors (at most \(FrameFormat.maxTensors))") }
        guard attributeCount <= FrameFormat.maxAttributes else { throw corrupt("\(attributeCount) attributes") }
        var tensors: [TensorEntry] = []
        var total: UInt64 = 0
        for _ in 0..<tensorCount {
            guard let name = cursor.name() else { throw corrupt("bad tensor name") }
            guard let code = cursor.uint8(), let dtype = DType(rawValue: code) else {
                throw corrupt("tensor '\(name)' has an unknown dtype")
            }
            guard let rank = cursor.uint8(), Int(rank) <= FrameFormat.maxRank else {
                throw corrupt("tensor '\(name)' has a bad rank")
            }
            var dims: [UInt64] = []
            for _ in 0..<rank {
                guard let dim = cursor.uint64() else { throw corrupt("tensor '\(name)' shape cut short") }
                dims.append(dim)
            }
            let byteCount: UInt64
            switch FrameFormat.byteCount(shape: dims, elementSize: dtype.size) {
            case .success(let bytes): byteCount = bytes
            case .failure(let error):
                throw StreamError.tooLarge(source: source, frame: frame, detail: "tensor '\(name)': \(error.detail)")
            }
            // Every dimension is at most 2³², so each converts to Int.
            let shape = dims.map { Int($0) }
            total += byteCount
            guard total <= FrameFormat.maxPayloadBytes else {
                throw StreamError.tooLarge(source: source, frame: frame, detail: "tensors claim more than \(FrameFormat.maxPayloadBytes) bytes")
            }
            guard !tensors.contains(where: { $0.name == name }) else { throw corrupt("tensor '\(name)' appears twice") }
            tensors.append(TensorEntry(name: name, dtype: dtype, shape: shape, byteCount: Int(byteCount)))
        }
        guard total == payloadLength else {
            throw corrupt("tensor shapes need \(total) bytes but the payload has \(payloadLength)")
        }
        var attributes: [(key: String, value: AttributeValue)] = []
        for _ in 0..<attributeCount {
            guard let key = cursor.name(), let kind = cursor.uint8() else { throw corrupt("bad attribute") }
            switch kind {
            case FrameFormat.attributeNumber:
                guard let bits = cursor.uint64() else { throw corrupt("attribute '\(key)' cut short") }
                attributes.append((key, .number(Double(bitPattern: bits))))
            case FrameFormat.attributeString:
                guard let length = cursor.uint32(), let raw = cursor.bytes(Int(length)) else {
                    throw corrupt("attribute '\(key)' cut short")
                }
                attributes.append((key, .string(String(decoding: raw, as: UTF8.self))))
            default:
                throw corrupt("attribute '\(key)' has an unknown kind \(kind)")
            }
        }
        guard cursor.atEnd else { throw corrupt("\(bytes.count - cursor.position) unexplained bytes at the end of the header") }
        return FrameHeader(tensors: tensors, attributes: attributes)
    }
}

/// Reads little-endian values from a byte array; every read returns nil past the end.
struct ByteCursor {
    let bytes: [UInt8]
    var position = 0

    var atEnd: Bool { position == bytes.count }

    mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, bytes.count - position >= count else { return nil }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        guard let raw = bytes(MemoryLayout<T>.size) else { return nil }
        var value: T = 0
        for (shift, byte) in raw.enumerated() { value |= T(byte) << (8 * shift) }
        return value
    }

    mutating func uint8() -> UInt8? { integer(UInt8.self) }
    mutating func uint16() -> UInt16? { integer(UInt16.self) }
    mutating func uint32() -> UInt32? { integer(UInt32.self) }
    mutating func uint64() -> UInt64? { integer(UInt64.self) }

    /// A name: one length byte (1...255) and UTF-8 bytes.
    mutating func name() -> String? {
        guard let length = uint8(), length > 0, let raw = bytes(Int(length)) else { return nil }
        return String(validating: raw, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        for shift in 0..<MemoryLayout<T>.size { append(UInt8(truncatingIfNeeded: value >> (8 * shift))) }
    }

    mutating func appendName(_ name: String) throws {
        let bytes = Array(name.utf8)
        guard (1...FrameFormat.maxNameBytes).contains(bytes.count) else {
            throw StreamError.cannotWrite(detail: "name '\(name)' must have 1 to \(FrameFormat.maxNameBytes) bytes")
        }
        append(UInt8(bytes.count))
        self += bytes
    }
}
