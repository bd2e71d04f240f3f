import TensorCore

/// Writes frames to a `ByteSink` in the stream format (`docs/stream-format.md`).
public final class FrameWriter {
    public let sink: ByteSink
    public private(set) var framesWritten = 0

    public init(sink: ByteSink) { self.sink = sink }

    public func write(_ frame: Frame) throws {
        let header = try FrameHeader.encode(frame)
        var payloadLength: UInt64 = 0
        for (_, tensor) in frame.tensors { payloadLength += UInt64(tensor.count * tensor.dtype.size) }
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
        for (_, tensor) in frame.tensors {
            try tensor.storage.withUnsafeBytes { bytes in
                crc = Zlib.crc32(crc, bytes)
                try sink.write(bytes)
            }
        }
        var trailer: [UInt8] = []
        trailer.appendLittleEndian(crc)
        try sink.write(trailer)
        framesWritten += 1
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
