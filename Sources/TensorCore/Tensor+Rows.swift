/// Row (axis 0) slicing and concatenation, used to split data into frames and to join frames.
extension Tensor {
    /// Rows `range` of the tensor (axis 0).
    public func rows(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0])
        let width = rowLength
        let elements = (range.lowerBound * width)..<(range.upperBound * width)
        var newShape = shape
        newShape[0] = range.count
        switch storage {
        case .f32(let v): return Tensor(shape: newShape, floats: Array(v[elements]))
        case .f64(let v): return Tensor(shape: newShape, doubles: Array(v[elements]))
        case .i32(let v): return Tensor(shape: newShape, ints: Array(v[elements]))
        case .u8(let v): return Tensor(shape: newShape, bytes: Array(v[elements]))
        }
    }

    /// The tensors joined along axis 0; nil when dtypes or trailing dimensions differ.
    public static func concatenated(_ parts: [Tensor]) -> Tensor? {
        guard let first = parts.first, first.rank >= 1 else { return parts.count == 1 ? parts.first : nil }
        let trailing = Array(first.shape.dropFirst())
        guard parts.allSatisfy({ $0.dtype == first.dtype && $0.rank == first.rank && Array($0.shape.dropFirst()) == trailing }) else {
            return nil
        }
        let shape = [parts.reduce(0) { $0 + $1.shape[0] }] + trailing
        switch first.storage {
        case .f32: return Tensor(shape: shape, floats: parts.flatMap(\.floats))
        case .f64: return Tensor(shape: shape, doubles: parts.flatMap(\.doubles))
        case .i32: return Tensor(shape: shape, ints: parts.flatMap { if case .i32(let v) = $0.storage { v } else { [Int32]() } })
        case .u8: return Tensor(shape: shape, bytes: parts.flatMap { if case .u8(let v) = $0.storage { v } else { [UInt8]() } })
        }
    }
}
