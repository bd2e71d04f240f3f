import Foundation
import Testing
@testable import TensorCore
@testable import TensorStream

/// A frame whose `data` is streamed from a `PayloadFile` must be byte for byte the frame
/// written from memory: same header, same payload, same CRC.
struct StreamedFrameTests {
    /// Writes `frame` with `data` streamed: the values written into a payload file out of order (rows last to first).
    private func streamedBytes(_ frame: Frame, rows: Int, rowLength: Int) throws -> [UInt8] {
        let values = frame["data"]!.floats
        let file = try PayloadFile(byteCount: UInt64(values.count * 4))
        for row in (0..<rows).reversed() {
            try values[(row * rowLength)..<((row + 1) * rowLength)].withUnsafeBufferPointer {
                try file.write($0, atElement: row * rowLength)
            }
        }
        var rest = frame
        rest["data"] = nil
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ts-\(UUID().uuidString)").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { unlink(path) }
        let sink = ByteSink(descriptor: fd, name: path)
        try FrameWriter(sink: sink).write(rest, streaming: file.streamedTensor(name: "data", dtype: .f32, shape: [rows, rowLength]))
        try sink.flush()
        close(fd)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func streamedDataIsTheSameBytesAsInMemory() throws {
        // Larger than the 1 MiB chunk so the CRC runs over several chunks.
        let (rows, rowLength) = (700, 500)
        var frame = Frame()
        frame["data"] = Tensor(shape: [rows, rowLength], floats: (0..<(rows * rowLength)).map { Float($0 % 9973) * 0.25 - 7 })
        frame["lowpass"] = Tensor(shape: [3], floats: [1, 2, 3])
        frame.setAttribute("image", .string("a.png"))
        let streamed = try streamedBytes(frame, rows: rows, rowLength: rowLength)
        #expect(streamed == (try encode([frame])))
        #expect(try decode(streamed) == [frame])
    }

    @Test func aShortProducerIsAnError() throws {
        let tensor = StreamedTensor(name: "data", dtype: .f32, shape: [4]) { emit in
            try [Float(1), 2].withUnsafeBytes { try emit($0) }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ts-\(UUID().uuidString)").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(fd); unlink(path) }
        #expect(throws: StreamError.self) { try FrameWriter(sink: ByteSink(descriptor: fd, name: path)).write(Frame(), streaming: tensor) }
    }
}
