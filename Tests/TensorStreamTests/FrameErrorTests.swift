import Testing
@testable import TensorCore
@testable import TensorStream

/// Broken input of every kind gives a `StreamError` naming the problem, never a crash.
struct FrameErrorTests {
    let valid: [UInt8]

    init() throws { valid = try encode([sampleFrame(rows: 5)]) }

    func error(_ bytes: [UInt8]) -> StreamError? {
        do {
            _ = try decode(bytes)
            return nil
        } catch let error as StreamError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func emptyInputHasNoFrames() throws {
        #expect(try decode([]).isEmpty)
    }

    @Test func garbageIsNotAStream() {
        guard case .notAStream = error(Array("hello, world, not a stream".utf8)) else {
            Issue.record("expected notAStream"); return
        }
    }

    @Test func everyTruncationIsReported() {
        for length in 1..<valid.count {
            guard let found = error(Array(valid.prefix(length))) else {
                Issue.record("prefix \(length) decoded"); continue
            }
            switch found {
            case .truncated: break
            default: Issue.record("prefix \(length): \(found)")
            }
        }
    }

    @Test func corruptPayloadFailsItsCRC() {
        var bytes = valid
        bytes[bytes.count - 10] ^= 0x40
        guard case .checksumMismatch(_, 0, "payload") = error(bytes) else { Issue.record("expected payload CRC"); return }
    }

    @Test func corruptHeaderFailsItsCRC() {
        var bytes = valid
        bytes[FrameFormat.preludeSize + 3] ^= 0x01
        guard case .checksumMismatch(_, _, "header") = error(bytes) else { Issue.record("expected header CRC"); return }
    }

    @Test func unknownVersionIsNamed() {
        var bytes = valid
        bytes[4] = 9
        guard case .unsupportedVersion(_, 9) = error(bytes) else { Issue.record("expected version error"); return }
    }

    @Test func garbageAfterAFrame() {
        guard case .corruptHeader(_, 1, _) = error(valid + Array("trailing junk here!".utf8) + [UInt8](repeating: 0, count: 24)) else {
            Issue.record("expected trailing garbage to be reported"); return
        }
    }

    @Test func hugeShapesAreRefusedBeforeAllocating() throws {
        // A header with a valid CRC that claims 2^40 x 1 floats.
        var frame = Frame()
        frame["data"] = Tensor(shape: [1, 1], floats: [0])
        var bytes = try encode([frame])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        // Header: counts (4), name length and "data" (5), dtype, rank, then dimension 0 at 11.
        let dimension = FrameFormat.preludeSize + 11
        bytes.replaceSubrange(dimension..<(dimension + 8), with: [0, 0, 0, 0, 0, 1, 0, 0])
        let crc = Zlib.crc32(Array(bytes[FrameFormat.preludeSize..<(FrameFormat.preludeSize + headerLength)]))
        bytes.replaceSubrange(12..<16, with: (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) })
        guard case .tooLarge = error(bytes) else { Issue.record("expected tooLarge, got \(String(describing: error(bytes)))"); return }
    }

    @Test func randomCorruptionNeverCrashes() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            var bytes = valid
            for _ in 0..<(1 + generator.below(4)) {
                bytes[generator.below(bytes.count)] = UInt8(generator.below(256))
            }
            _ = try? decode(bytes)
        }
    }
}
