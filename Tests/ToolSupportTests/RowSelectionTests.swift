import Testing
import TensorCore

struct RowSelectionTests {
    @Test func rowsAtIndicesAreGatheredInTheOrderGiven() {
        let ints = Tensor(shape: [4, 2], ints: [0, 1, 10, 11, 20, 21, 30, 31])
        #expect(ints.rows(at: [3, 0, 3]) == Tensor(shape: [3, 2], ints: [30, 31, 0, 1, 30, 31]))
        #expect(ints.rows(at: []) == Tensor(shape: [0, 2], ints: []))
        let bytes = Tensor(shape: [3, 1, 2], bytes: [1, 2, 3, 4, 5, 6])
        #expect(bytes.rows(at: [1]) == Tensor(shape: [1, 1, 2], bytes: [3, 4]))
        let doubles = Tensor(shape: [3], doubles: [0.5, 1.5, 2.5])
        #expect(doubles.rows(at: [2, 1]) == Tensor(shape: [2], doubles: [2.5, 1.5]))
    }

    @Test func frameKeepsWhatIsNotARowTensor() {
        var frame = Frame()
        frame["data"] = Tensor(shape: [3, 2], floats: [0, 1, 2, 3, 4, 5])
        frame["labels"] = Tensor(shape: [3], ints: [7, 8, 9])
        frame["mean"] = Tensor(shape: [3], floats: [1, 1, 1])
        frame.setAttribute("channels", .number(1))
        let picked = frame.selectingRows([0, 2], of: ["data", "labels"])
        #expect(picked["data"] == Tensor(shape: [2, 2], floats: [0, 1, 4, 5]))
        #expect(picked["labels"] == Tensor(shape: [2], ints: [7, 9]))
        #expect(picked["mean"] == frame["mean"])
        #expect(picked.tensors.map(\.name) == ["data", "labels", "mean"])
        #expect(picked.attribute("channels") == .number(1))
    }
}
