import TensorCore
import Testing

struct TensorDifferenceTests {
    @Test func sumsOverPairs() {
        var difference = TensorDifference()
        difference.add(Tensor(shape: [2, 2], floats: [1, 2, 3, 4]), reference: Tensor(shape: [2, 2], floats: [1, 2, 3, 2]))
        difference.add(Tensor(shape: [1, 2], floats: [0, -1]), reference: Tensor(shape: [1, 2], floats: [0, 0]))
        #expect(difference.elements == 6 && difference.rows == 3)
        #expect(difference.squaredError == 5 && difference.largest == 2)
        #expect(difference.meanSquaredError == 5.0 / 6 && difference.rowSquaredError == 5.0 / 3)
        #expect(difference.relativeError == 5.0 / 18)
        var zero = TensorDifference()
        zero.add(Tensor(shape: [1], floats: [1]), reference: Tensor(shape: [1], floats: [0]))
        #expect(zero.relativeError == .infinity)
    }

    @Test func rowSquaredErrorsAreEachRowsSquaredDistance() {
        let a = Tensor(shape: [3, 2, 2], floats: [1, 2, 3, 4, 0, 0, 0, 0, -1, 1, -1, 1])
        let b = Tensor(shape: [3, 2, 2], floats: [1, 2, 3, 2, 0, 0, 0, 0, 1, 1, 1, 1])
        #expect(TensorDifference.rowSquaredErrors(a, reference: b) == [4, 0, 8])
        #expect(TensorDifference.rowSquaredErrors(Tensor(shape: [2], floats: [3, -1]), reference: Tensor(shape: [2], floats: [1, 1])) == [4, 4])
        #expect(TensorDifference.rowSquaredErrors(Tensor(shape: [0, 3], floats: []), reference: Tensor(shape: [0, 3], floats: [])) == [])
    }
}
