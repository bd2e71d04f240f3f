import Foundation
import Testing
@testable import TensorCore
@testable import TensorStream

/// The header parser itself, reached with valid CRCs: hostile shapes in every dimension
/// position, and seeded mutations of every header field, each re-signed so that the CRC check
/// does not stop them first. A mutated frame either throws a `StreamError` or decodes to a
/// frame that re-encodes to itself; nothing traps.
struct HeaderFuzzTests {
    /// Where each field of a valid header body lies (offsets into the frame's bytes).
    struct Field {
        var offset: Int
        var size: Int
    }

    /// The fields of the first frame of `bytes`, found by walking its header body as the spec
    /// lays it out: counts, then per tensor the name length, dtype, rank and dimensions, then
    /// per attribute the name length, kind and value (or string length).
    static func fields(of bytes: [UInt8]) -> [Field] { layout(of: bytes).fields }

    /// Every field (as `fields(of:)`), and the dimension fields of each tensor, grouped.
    static func layout(of bytes: [UInt8]) -> (fields: [Field], shapes: [[Field]]) {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        var fields = [Field(offset: 8, size: 4), Field(offset: 16, size: 8)]   // header and payload lengths
        var shapes: [[Field]] = []
        var at = FrameFormat.preludeSize
        let tensors = u16(at), attributes = u16(at + 2)
        fields += [Field(offset: at, size: 2), Field(offset: at + 2, size: 2)]
        at += 4
        for _ in 0..<tensors {
            fields.append(Field(offset: at, size: 1))
            at += 1 + Int(bytes[at])
            fields += [Field(offset: at, size: 1), Field(offset: at + 1, size: 1)]
            let rank = Int(bytes[at + 1])
            at += 2
            shapes.append((0..<rank).map { Field(offset: at + 8 * $0, size: 8) })
            fields += shapes.last!
            at += 8 * rank
        }
        for _ in 0..<attributes {
            fields.append(Field(offset: at, size: 1))
            at += 1 + Int(bytes[at])
            fields.append(Field(offset: at, size: 1))
            let kind = bytes[at]
            at += 1
            if kind == FrameFormat.attributeNumber {
                fields.append(Field(offset: at, size: 8))
                at += 8
            } else {
                fields.append(Field(offset: at, size: 4))
                at += 4 + (Int(bytes[at]) | Int(bytes[at + 1]) << 8)
            }
        }
        return (fields, shapes)
    }

    /// Writes both CRCs again from the (mutated) lengths in the prelude, where they fit.
    static func resign(_ bytes: inout [UInt8]) {
        func le(_ at: Int, _ size: Int) -> UInt64 { (0..<size).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * $1) } }
        func put(_ value: UInt32, at: Int) { for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) } }
        let headerLength = Int(le(8, 4))
        let headerEnd = FrameFormat.preludeSize + headerLength
        guard headerEnd <= bytes.count else { return }
        put(Zlib.crc32(Array(bytes[FrameFormat.preludeSize..<headerEnd])), at: 12)
        let payloadLength = le(16, 8)
        guard payloadLength <= UInt64(bytes.count - headerEnd) else { return }
        let payloadEnd = headerEnd + Int(payloadLength)
        let crc = Zlib.crc32(Array(bytes[headerEnd..<payloadEnd]))
        if payloadEnd + 4 <= bytes.count {
            put(crc, at: payloadEnd)
            bytes.removeSubrange((payloadEnd + 4)...)
        } else {
            bytes.removeSubrange(payloadEnd...)
            bytes += (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) }
        }
    }

    /// A frame holding one f32 tensor of `shape` (its dimensions written as given) and no
    /// payload, with both CRCs valid.
    static func frame(shape: [UInt64], payloadLength: UInt64 = 0) -> [UInt8] {
        var header: [UInt8] = [1, 0, 0, 0, 4] + Array("data".utf8) + [DType.f32.rawValue, UInt8(shape.count)]
        for dim in shape { header.appendLittleEndian(dim) }
        var bytes = FrameFormat.magic
        bytes.appendLittleEndian(FrameFormat.version)
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt32(header.count))
        bytes.appendLittleEndian(Zlib.crc32(header))
        bytes.appendLittleEndian(payloadLength)
        bytes += header
        bytes.appendLittleEndian(UInt32(0))
        return bytes
    }

    /// One unlinked scratch file, rewritten for every decode: a regular file without the cost
    /// of creating one per mutation.
    static let scratch: Int32 = {
        var template = Array("\(NSTemporaryDirectory())/header-fuzz-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        precondition(fd >= 0)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }()
    static let scratchLock = NSLock()

    /// Every frame of `bytes`, read from the scratch file.
    static func decodeInMemory(_ bytes: [UInt8]) throws -> [Frame] {
        scratchLock.lock()
        defer { scratchLock.unlock() }
        precondition(ftruncate(scratch, 0) == 0)
        precondition(bytes.withUnsafeBytes { pwrite(scratch, $0.baseAddress, $0.count, 0) } == bytes.count)
        lseek(scratch, 0, SEEK_SET)
        let reader = FrameReader(source: ByteSource(descriptor: scratch, name: "memory"))
        var frames: [Frame] = []
        while let frame = try reader.next() { frames.append(frame) }
        return frames
    }

    func outcome(_ bytes: [UInt8]) -> Result<[Frame], StreamError>? {
        do {
            return .success(try Self.decodeInMemory(bytes))
        } catch let error as StreamError {
            return .failure(error)
        } catch {
            Issue.record("not a StreamError: \(error)")
            return nil
        }
    }

    @Test(arguments: 1...4)
    func hugeDimensionInEveryPosition(rank: Int) {
        for position in 0..<rank {
            for huge: UInt64 in [.max, 1 << 63, (1 << 32) + 1, 1 << 40] {
                for filler: UInt64 in [0, 1] {
                    var shape = [UInt64](repeating: filler, count: rank)
                    shape[position] = huge
                    guard case .failure(.tooLarge(_, 0, let detail)) = outcome(Self.frame(shape: shape)) else {
                        Issue.record("shape \(shape) was not refused as too large"); continue
                    }
                    #expect(detail.contains("'data'"), "\(shape): \(detail)")
                }
            }
        }
    }

    /// Products that overflow only past the first dimensions, or only with the element size.
    @Test func productsAreCheckedWithoutAZeroHidingThem() {
        for shape: [UInt64] in [[1 << 32, 1 << 32, 0], [0, 1 << 31, 1 << 31], [1 << 31, 4], [1, 1, 1 << 31, 2, 0]] {
            guard case .failure(.tooLarge) = outcome(Self.frame(shape: shape)) else {
                Issue.record("shape \(shape) was not refused as too large"); continue
            }
        }
    }

    /// A zero-row frame of sane width is valid (tools bound the width they take).
    @Test func zeroRowsOfAnyBoundedWidthDecode() throws {
        let frames = try decode(Self.frame(shape: [0, 1_000_000]))
        #expect(frames.count == 1 && frames[0]["data"]?.shape == [0, 1_000_000] && frames[0]["data"]?.count == 0)
        #expect(frames[0]["data"]?.rowLength == 1_000_000)
    }

    @Test func elementCountChecksItsProducts() {
        #expect(Tensor.elementCount(of: [3, 4]) == 12)
        #expect(Tensor.elementCount(of: [0, 1 << 40, 1 << 40]) == nil)
        #expect(Tensor.elementCount(of: [0, 1 << 20, 1 << 20]) == 0)
        #expect(Tensor.elementCount(of: [2, -1]) == nil)
        #expect(Tensor.elementCount(of: []) == 1)
    }

    @Test func seededHeaderMutationsThrowOrDecode() throws {
        var source = sampleFrame(rows: 3)
        source.setAttribute("image_height", .number(32))
        let valid = try encode([source])
        let (fields, shapes) = Self.layout(of: valid)
        let headerLength = Int(valid[8]) | Int(valid[9]) << 8
        #expect(try decode(valid) == [source])
        let interesting: [UInt64] = [0, 1, 2, 3, 4, 5, 7, 8, 0xFF, 0x100, 0xFFFF, 1 << 31, (1 << 32) - 1, 1 << 32,
                                     (1 << 32) + 1, 1 << 63, .max, .max - 1]
        var generator = SeededGenerator(seed: 9)
        var decoded = 0, refused = 0
        for _ in 0..<10_000 {
            var bytes = valid
            func set(_ field: Field) {
                let value = generator.below(3) == 0
                    ? UInt64(generator.below(Int.max)) : interesting[generator.below(interesting.count)]
                for k in 0..<field.size { bytes[field.offset + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
            }
            for _ in 0..<(1 + generator.below(3)) { set(fields[generator.below(fields.count)]) }
            // A whole shape at once, so that a zero and a huge dimension meet in one tensor.
            if generator.below(3) == 0 { shapes[generator.below(shapes.count)].forEach(set) }
            if generator.below(4) == 0 {
                // A stray byte anywhere in the header body as well.
                bytes[FrameFormat.preludeSize + generator.below(headerLength)] = UInt8(generator.below(256))
            }
            Self.resign(&bytes)
            switch outcome(bytes) {
            case .success(let frames):
                decoded += 1
                for frame in frames {
                    for (_, tensor) in frame.tensors { #expect(Tensor.elementCount(of: tensor.shape) == tensor.count) }
                    // A frame that decodes is one the writer can write and read back unchanged
                    // (compared as bytes: NaN attributes are not equal to themselves).
                    let written = try encode([frame])
                    #expect(try encode(Self.decodeInMemory(written)) == written)
                }
            case .failure: refused += 1
            case nil: break
            }
        }
        // The mutations reached the parser: most were refused by it, not all.
        #expect(refused > 2500 && decoded > 25, "decoded \(decoded), refused \(refused)")
    }
}

/// Payloads read from a pipe arrive in chunks: a stream cut short is refused without the
/// declared size being allocated first, and a large valid frame still reads back whole.
struct PipedPayloadTests {
    /// Every frame read from `bytes` written into a pipe by another thread.
    func decodeFromPipe(_ bytes: [UInt8]) throws -> [Frame] {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let writeEnd = ends[1]
        let writer = Thread {
            bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = write(writeEnd, raw.baseAddress! + done, raw.count - done)
                    if n <= 0 { break }
                    done += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(ends[0]) }
        let source = ByteSource(descriptor: ends[0], name: "pipe")
        #expect(source.remainingBytes == nil)
        let reader = FrameReader(source: source)
        var frames: [Frame] = []
        while let frame = try reader.next() { frames.append(frame) }
        return frames
    }

    @Test func largeFrameReadsBackThroughAPipe() throws {
        var frame = Frame()
        let rows = (FrameReader.chunkBytes / 4) / 64 + 300   // a little over one chunk
        frame["data"] = Tensor(shape: [rows, 64], floats: (0..<(rows * 64)).map { Float($0 % 1000) * 0.25 })
        frame["pos"] = Tensor(shape: [rows, 2], ints: (0..<(rows * 2)).map(Int32.init))
        #expect(try decodeFromPipe(encode([frame])) == [frame])
    }

    @Test func truncatedStreamClaimingFourGiBIsRefused() {
        let bytes = HeaderFuzzTests.frame(shape: [1 << 30, 1], payloadLength: 1 << 32).dropLast(4) + [1, 2, 3, 4, 5]
        #expect(throws: StreamError.truncated(source: "pipe", frame: 0, detail: "payload cut at 5 of 4294967296 bytes")) {
            _ = try decodeFromPipe(Array(bytes))
        }
    }

    @Test func truncatedFileIsRefusedFromItsSize() {
        let bytes = Array(HeaderFuzzTests.frame(shape: [1 << 30, 1], payloadLength: 1 << 32).dropLast(4)) + [1, 2, 3]
        guard case .truncated(_, 0, let detail)? = captured(bytes) else {
            Issue.record("expected truncated"); return
        }
        #expect(detail == "payload cut at 3 of 4294967296 bytes")
    }

    func captured(_ bytes: [UInt8]) -> StreamError? {
        do { _ = try decode(bytes); return nil } catch { return error as? StreamError }
    }
}

/// Whole-file reads (`.npy`, `.npz`, CSV) stop at their limit with a message naming it,
/// before reading a regular file, as the bytes arrive from a pipe.
struct WholeFileLimitTests {
    @Test func regularFileOverTheLimitIsRefusedBeforeReading() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("limit-\(UUID().uuidString)")
        try Data(count: 100).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: StreamError.fileTooLarge(source: url.path, limit: 50)) {
            _ = try ByteSource(path: url.path).readAll(limit: 50)
        }
        #expect(try ByteSource(path: url.path).readAll(limit: 100).count == 100)
        #expect("\(StreamError.fileTooLarge(source: "x.npy", limit: 50))".hasPrefix("x.npy: larger than 50 bytes"))
    }

    @Test func pipeOverTheLimitIsRefusedAsItArrives() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        // 4 KiB fit in the pipe's buffer: no writer thread needed.
        let bytes = [UInt8](repeating: 7, count: 4096)
        #expect(bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) } == 4096)
        close(ends[1])
        defer { close(ends[0]) }
        let source = ByteSource(descriptor: ends[0], name: "pipe")
        #expect(source.remainingBytes == nil)
        #expect(throws: StreamError.fileTooLarge(source: "pipe", limit: 1000)) {
            _ = try source.readAll(limit: 1000)
        }
    }
}
