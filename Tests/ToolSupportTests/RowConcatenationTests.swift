import Testing
import TensorCore
@testable import ToolSupport

struct RowConcatenationTests {
    /// A frame of `rows` rows: data [rows, 2] counting up from `start`, labels [rows], a
    /// constant `mean` [4] (not a row tensor) and an attribute.
    static func frame(rows: Int, start: Int) -> Frame {
        var frame = Frame()
        frame["data"] = Tensor(shape: [rows, 2], floats: (0..<2 * rows).map { Float(start * 2 + $0) })
        frame["labels"] = Tensor(shape: [rows], ints: (0..<rows).map { Int32(start + $0) })
        frame["mean"] = Tensor(shape: [4], doubles: [1, 2, 3, 4])
        frame.setAttribute("patch_height", .number(1))
        return frame
    }

    @Test func rowTensorsAreJoinedTheRestKept() throws {
        var joined = RowConcatenation()
        try joined.append(Self.frame(rows: 2, start: 0))
        try joined.append(Self.frame(rows: 3, start: 2))
        #expect(joined.rows == 5)
        let (frame, rowTensors) = try #require(joined.joined())
        #expect(rowTensors == ["data", "labels"])
        #expect(frame["data"] == Tensor(shape: [5, 2], floats: (0..<10).map(Float.init)))
        #expect(frame["labels"] == Tensor(shape: [5], ints: [0, 1, 2, 3, 4]))
        #expect(frame["mean"] == Tensor(shape: [4], doubles: [1, 2, 3, 4]))
        #expect(frame.tensors.map(\.name) == ["data", "labels", "mean"])
        #expect(frame.attribute("patch_height") == .number(1))
    }

    @Test func oneFrameIsItself() throws {
        var joined = RowConcatenation()
        try joined.append(Self.frame(rows: 4, start: 0))
        #expect(joined.joined()?.frame == Self.frame(rows: 4, start: 0))
    }

    @Test func nothingAppendedIsNil() {
        #expect(RowConcatenation().joined() == nil)
    }

    @Test func framesThatDisagreeAreRefused() throws {
        var otherTensors = Self.frame(rows: 2, start: 0)
        otherTensors["labels"] = nil
        var otherLabels = Self.frame(rows: 2, start: 0)
        otherLabels["labels"] = Tensor(shape: [2], floats: [0, 1])
        var otherWidth = Self.frame(rows: 2, start: 0)
        otherWidth["data"] = Tensor(shape: [2, 3], floats: [Float](repeating: 0, count: 6))
        var otherConstant = Self.frame(rows: 2, start: 0)
        otherConstant["mean"] = Tensor(shape: [4], doubles: [1, 2, 3, 5])
        var labelsNotPerRow = Self.frame(rows: 2, start: 0)
        labelsNotPerRow["labels"] = Tensor(shape: [3], ints: [0, 1, 2])
        for (what, second) in [("tensors", otherTensors), ("labels dtype", otherLabels), ("data width", otherWidth),
                               ("constant", otherConstant), ("labels not per row", labelsNotPerRow)] {
            var joined = RowConcatenation()
            try joined.append(Self.frame(rows: 3, start: 0))
            #expect(throws: ToolFailure.self, "\(what)") { try joined.append(second) }
        }
    }

    @Test func aFrameWithoutDataIsRefused() {
        var frame = Frame()
        frame["labels"] = Tensor(shape: [2], ints: [0, 1])
        var joined = RowConcatenation()
        #expect(throws: ToolFailure.self) { try joined.append(frame) }
    }
}
