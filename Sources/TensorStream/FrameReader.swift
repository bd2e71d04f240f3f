import TensorCore

/// Reads frames one at a time from a `ByteSource`, checking everything before trusting it:
/// magic and version, header length and CRC, shapes against the payload length (before any
/// allocation), and the payload CRC.
public final class FrameReader {
    public let source: ByteSource
    /// Frames read so far.
    public private(set) var framesRead = 0

    public init(source: ByteSource) { self.source = source }

    /// Tensors larger than this are read from a pipe in chunks of this size (16 MiB), so a
    /// stream cut short costs memory for the bytes that arrived, not for the declared payload.
    static let chunkBytes = 16 << 20

    /// The next frame, or nil at the end of the stream.
    public func next() throws -> Frame? {
        if try source.atEnd() { return nil }
        let index = framesRead
        let name = source.name
        let prelude = try source.read(FrameFormat.preludeSize)
        guard prelude.starts(with: FrameFormat.magic) || prelude.count < FrameFormat.magic.count
                && FrameFormat.magic.starts(with: prelude) else {
            if index == 0 { throw StreamError.notAStream(source: name, firstBytes: prelude) }
            throw StreamError.corruptHeader(source: name, frame: index, detail: "no frame magic where frame \(index) should start (garbage after the last frame?)")
        }
        guard prelude.count == FrameFormat.preludeSize else {
            throw StreamError.truncated(source: name, frame: index, detail: "\(prelude.count) of \(FrameFormat.preludeSize) prelude bytes")
        }
        var cursor = ByteCursor(bytes: prelude, position: 4)
        let version = cursor.uint16()!
        let flags = cursor.uint16()!
        let headerLength = Int(cursor.uint32()!)
        let headerCRC = cursor.uint32()!
        let payloadLength = cursor.uint64()!
        guard version == FrameFormat.version else {
            throw StreamError.unsupportedVersion(source: name, version: Int(version))
        }
        guard flags == 0 else {
            throw StreamError.corruptHeader(source: name, frame: index, detail: "unknown flags \(flags)")
        }
        guard headerLength <= FrameFormat.maxHeaderBytes else {
            throw StreamError.tooLarge(source: name, frame: index, detail: "header of \(headerLength) bytes (at most \(FrameFormat.maxHeaderBytes))")
        }
        guard payloadLength <= FrameFormat.maxPayloadBytes else {
            throw StreamError.tooLarge(source: name, frame: index, detail: "payload of \(payloadLength) bytes (at most \(FrameFormat.maxPayloadBytes))")
        }
        let headerBytes = try source.read(headerLength)
        guard headerBytes.count == headerLength else {
            throw StreamError.truncated(source: name, frame: index, detail: "header cut at \(headerBytes.count) of \(headerLength) bytes")
        }
        guard Zlib.crc32(headerBytes) == headerCRC else {
            throw StreamError.checksumMismatch(source: name, frame: index, part: "header")
        }
        let header = try FrameHeader.decode(headerBytes, payloadLength: payloadLength, source: name, frame: index)

        // A regular file tells how many bytes are left: a frame cut short is refused before
        // its payload is allocated. Other inputs are read in chunks, so memory grows only as
        // bytes arrive.
        if let remaining = source.remainingBytes, remaining < payloadLength {
            throw StreamError.truncated(source: name, frame: index, detail: "payload cut at \(remaining) of \(payloadLength) bytes")
        }
        let sizeKnown = source.remainingBytes != nil
        var frame = Frame()
        var crc: UInt32 = 0
        var received: UInt64 = 0
        for entry in header.tensors {
            let count = entry.byteCount / entry.dtype.size
            func load<T>(_: T.Type) throws -> [T] {
                if sizeKnown || entry.byteCount <= Self.chunkBytes {
                    return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                        let raw = UnsafeMutableRawBufferPointer(buffer)
                        let n = try source.read(into: raw)
                        received += UInt64(n)
                        guard n == entry.byteCount else {
                            throw StreamError.truncated(source: name, frame: index, detail: "payload cut at \(received) of \(payloadLength) bytes")
                        }
                        crc = Zlib.crc32(crc, UnsafeRawBufferPointer(raw))
                        initialized = count
                    }
                }
                var values: [T] = []
                values.reserveCapacity(Self.chunkBytes / MemoryLayout<T>.stride)
                let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkBytes, alignment: 64)
                defer { chunk.deallocate() }
                var left = entry.byteCount
                while left > 0 {
                    let part = UnsafeMutableRawBufferPointer(rebasing: chunk[0..<min(left, Self.chunkBytes)])
                    let n = try source.read(into: part)
                    received += UInt64(n)
                    guard n == part.count else {
                        throw StreamError.truncated(source: name, frame: index, detail: "payload cut at \(received) of \(payloadLength) bytes")
                    }
                    crc = Zlib.crc32(crc, UnsafeRawBufferPointer(part))
                    values.append(contentsOf: UnsafeRawBufferPointer(part).bindMemory(to: T.self))
                    left -= n
                }
                return values
            }
            let storage: TensorStorage
            switch entry.dtype {
            case .f32: storage = .f32(try load(Float.self))
            case .f64: storage = .f64(try load(Double.self))
            case .i32: storage = .i32(try load(Int32.self))
            case .u8: storage = .u8(try load(UInt8.self))
            }
            frame[entry.name] = Tensor(shape: entry.shape, storage: storage)
        }
        let trailer = try source.read(4)
        guard trailer.count == 4 else {
            throw StreamError.truncated(source: name, frame: index, detail: "payload CRC missing")
        }
        var trailerCursor = ByteCursor(bytes: trailer)
        guard trailerCursor.uint32()! == crc else {
            throw StreamError.checksumMismatch(source: name, frame: index, part: "payload")
        }
        for (key, value) in header.attributes { frame.setAttribute(key, value) }
        framesRead += 1
        return frame
    }
}
