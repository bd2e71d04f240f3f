import TensorCore

/// Writes frames to a `ByteSink` in the stream format (`docs/stream-format.md`).
public final class FrameWriter {
    public let sink: ByteSink
    public private(set) var framesWritten = 0

    public init(sink: ByteSink) { self.sink = sink }

    public func write(_ frame: Frame) throws {
        try write(parts: frame.tensors.map { FramePart(name: $0.name, tensor: $0.tensor) }, attributes: frame.attributes)
    }

    /// Writes `frame` with `streamed` among its tensors, in the place of the frame's tensor of
    /// that name or, when it has none, first; its elements go from its producer to the sink
    /// chunk by chunk, with the payload CRC computed on the way, so a frame larger than memory
    /// can be written (a tiled encoder's maps, from a `PayloadFile`).
    public func write(_ frame: Frame, streaming streamed: StreamedTensor) throws {
        var parts = frame.tensors.map { FramePart(name: $0.name, tensor: $0.tensor) }
        let part = FramePart(name: streamed.name, streamed: streamed)
        if let index = parts.firstIndex(where: { $0.name == streamed.name }) { parts[index] = part } else { parts.insert(part, at: 0) }
        try write(parts: parts, attributes: frame.attributes)
    }

    private func write(parts: [FramePart], attributes: [(key: String, value: AttributeValue)]) throws {
        let header = try FrameHeader.encode(tensors: parts.map { ($0.name, $0.dtype, $0.shape) }, attributes: attributes)
        var payloadLength: UInt64 = 0
        for part in parts {
            guard case .success(let bytes) = FrameFormat.byteCount(shape: part.shape.map { UInt64($0) }, elementSize: part.dtype.size) else {
                throw StreamError.cannotWrite(detail: "tensor '\(part.name)' of shape \(part.shape) is larger than a frame may hold")
            }
            payloadLength += bytes
        }
        guard payloadLength <= FrameFormat.maxPayloadBytes else {
            throw StreamError.cannotWrite(detail: "frame payload of \(payloadLength) bytes (at most \(FrameFormat.maxPayloadBytes); use smaller batches)")
        }
        var prelude = FrameFormat.magic
        prelude.appendLittleEndian(FrameFormat.version)
        prelude.appendLittleEndian(UInt16(0))
        prelude.appendLittleEndian(UInt32(header.count))
        prelude.appendLittleEndian(Zlib.crc32(header))
        prelude.appendLittleEndian(payloadLength)
        try sink.write(prelude)
        try sink.write(header)
        var crc: UInt32 = 0
        for part in parts {
            var written: UInt64 = 0
            try part.produce { bytes in
                crc = Zlib.crc32(crc, bytes)
                written += UInt64(bytes.count)
                try sink.write(bytes)
            }
            let expected = UInt64(part.shape.reduce(1, *) * part.dtype.size)
            guard written == expected else {
                throw StreamError.cannotWrite(detail: "tensor '\(part.name)' gave \(written) bytes, its shape needs \(expected)")
            }
        }
        var trailer: [UInt8] = []
        trailer.appendLittleEndian(crc)
        try sink.write(trailer)
        framesWritten += 1
    }
}

/// A tensor of a frame being written, in memory or streamed.
private struct FramePart {
    let name: String
    let dtype: DType
    let shape: [Int]
    let produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void

    init(name: String, tensor: Tensor) {
        self.name = name
        dtype = tensor.dtype
        shape = tensor.shape
        produce = { emit in try tensor.storage.withUnsafeBytes { try emit($0) } }
    }

    init(name: String, streamed: StreamedTensor) {
        self.name = name
        dtype = streamed.dtype
        shape = streamed.shape
        produce = streamed.produce
    }
}

extension TensorStorage {
    /// The raw little-endian bytes of the elements.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch self {
        case .f32(let v): return try v.withUnsafeBytes(body)
        case .f64(let v): return try v.withUnsafeBytes(body)
        case .i32(let v): return try v.withUnsafeBytes(body)
        case .u8(let v): return try v.withUnsafeBytes(body)
        }
    }
}

#if _endian(big)
#error("the stream format is little-endian; this build assumes a little-endian host")
#endif
