import Testing
@testable import TensorCore
@testable import TensorStream

struct FrameRoundTripTests {
    @Test func everyDtypeAndAttributeSurvives() throws {
        let frames = [sampleFrame(rows: 3), sampleFrame(rows: 1), sampleFrame(rows: 0)]
        #expect(try decode(try encode(frames)) == frames)
    }

    @Test func scalarsAndEmptyTensors() throws {
        var frame = Frame()
        frame["scalar"] = Tensor(shape: [], floats: [2.5])
        frame["empty"] = Tensor(shape: [0, 64], floats: [])
        frame["cube"] = Tensor(shape: [2, 1, 3], doubles: [1, 2, 3, 4, 5, 6])
        #expect(try decode(try encode([frame])) == [frame])
    }

    /// The byte-level example of docs/stream-format.md, as bytes written by tools/stream_format.py
    /// (an independent encoder): we must write exactly these bytes and read them back.
    @Test func matchesTheSpecExample() throws {
        let expected: [UInt8] = [
            0x4C, 0x50, 0x54, 0x53, 0x01, 0x00, 0x00, 0x00, 0x2B, 0x00, 0x00, 0x00, 0x21, 0xE5, 0xA7, 0x64,
            0x18, 0, 0, 0, 0, 0, 0, 0,
            0x01, 0x00, 0x01, 0x00,
            0x04, 0x64, 0x61, 0x74, 0x61, 0x01, 0x02,
            0x02, 0, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0, 0, 0, 0,
            0x06, 0x73, 0x74, 0x72, 0x69, 0x64, 0x65, 0x01, 0, 0, 0, 0, 0, 0, 0x20, 0x40,
            0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40, 0, 0, 0xA0, 0x40, 0, 0, 0xC0, 0x40,
            0x24, 0xE5, 0x39, 0x19,
        ]
        var frame = Frame()
        frame["data"] = Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        frame.setAttribute("stride", .number(8))
        #expect(try encode([frame]) == expected)
        #expect(try decode(expected) == [frame])
    }

    @Test func attributesCanBeReplacedAndRemoved() {
        var frame = sampleFrame()
        frame.setAttribute("stride", .number(8))
        frame.setAttribute("image", nil)
        frame["mask"] = nil
        #expect(frame.attribute("stride") == .number(8))
        #expect(frame.attribute("image") == nil)
        #expect(frame.tensors.map(\.name) == ["data", "dc", "pos"])
        #expect(frame.attributes.map(\.key) == ["stride", "eps"])
    }

    @Test func rowsAndConcatenation() {
        let tensor = Tensor(shape: [4, 2], floats: [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(tensor.rows(1..<3) == Tensor(shape: [2, 2], floats: [2, 3, 4, 5]))
        #expect(Tensor.concatenated([tensor.rows(0..<1), tensor.rows(1..<4)]) == tensor)
        #expect(Tensor.concatenated([tensor, Tensor(shape: [1, 3], floats: [0, 0, 0])]) == nil)
        #expect(Tensor.concatenated([tensor, Tensor(shape: [1, 2], doubles: [0, 0])]) == nil)
    }
}
