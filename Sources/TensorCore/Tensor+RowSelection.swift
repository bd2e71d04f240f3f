/// Picking rows (axis 0) by index, in the order given: the gather a train/test split needs.
extension Tensor {
    /// The rows at `indices` (axis 0), in that order: shape `[indices.count] + shape[1...]`.
    /// - Precondition: rank ≥ 1 and every index in `0..<shape[0]`.
    public func rows(at indices: [Int]) -> Tensor {
        precondition(rank >= 1 && indices.allSatisfy { $0 >= 0 && $0 < shape[0] })
        let width = rowLength
        var newShape = shape
        newShape[0] = indices.count
        func gather<Element>(_ values: [Element]) -> [Element] {
            var picked: [Element] = []
            picked.reserveCapacity(indices.count * width)
            for index in indices { picked.append(contentsOf: values[(index * width)..<((index + 1) * width)]) }
            return picked
        }
        switch storage {
        case .f32(let v): return Tensor(shape: newShape, floats: gather(v))
        case .f64(let v): return Tensor(shape: newShape, doubles: gather(v))
        case .i32(let v): return Tensor(shape: newShape, ints: gather(v))
        case .u8(let v): return Tensor(shape: newShape, bytes: gather(v))
        }
    }
}
