import TensorCore

/// The frames of a stream joined into one frame by rows, for a tool that needs every row at
/// once (`split-rows`). The row tensors are `data` `[rows, ...]` and every tensor whose first
/// dimension is `data`'s row count (labels `[rows]`, `pos` `[rows, 2]`): they are
/// concatenated along axis 0. Every other tensor, and the attributes, are the first frame's.
///
/// Every frame must hold the same tensors in the same order, with the same dtypes and the
/// same dimensions after the first; a tensor that is not a row tensor must be equal in every
/// frame. Anything else is a `ToolFailure` naming the frame and the tensor.
public struct RowConcatenation {
    /// Rows appended so far.
    public private(set) var rows = 0
    private var first: Frame?
    private var frames = 0
    /// The first frame's row tensors, in frame order.
    private var rowTensorNames: [String] = []
    private var parts: [String: [Tensor]] = [:]

    public init() {}

    /// Adds the rows of one more frame (messages name it by its place among all frames read).
    public mutating func append(_ frame: Frame) throws {
        frames += 1
        let origin = "frame \(frames)"
        guard let data = frame["data"], data.rank >= 1 else {
            throw ToolFailure("\(origin): no 'data' tensor with a row axis (it has: \(Self.names(frame))); rows are split by data's first dimension")
        }
        let isRowTensor = { (tensor: Tensor) in tensor.rank >= 1 && tensor.shape[0] == data.shape[0] }
        guard let first else {
            self.first = frame
            rowTensorNames = frame.tensors.filter { isRowTensor($0.tensor) }.map(\.name)
            for name in rowTensorNames { parts[name] = [frame[name]!] }
            rows = data.shape[0]
            return
        }
        guard frame.tensors.map(\.name) == first.tensors.map(\.name) else {
            throw ToolFailure("\(origin) holds tensors \(Self.names(frame)) but the first frame holds \(Self.names(first)); every frame must hold the same tensors")
        }
        for (name, tensor) in frame.tensors {
            let expected = first[name]!
            if rowTensorNames.contains(name) {
                guard isRowTensor(tensor), tensor.dtype == expected.dtype, tensor.shape.dropFirst() == expected.shape.dropFirst() else {
                    throw ToolFailure("\(origin): tensor '\(name)' is \(tensor.dtype) \(tensor.shapeDescription) for \(data.shape[0]) rows of data, but \(expected.dtype) \(expected.shapeDescription) in the first frame; every frame must hold the same kind of rows")
                }
                parts[name]!.append(tensor)
            } else if tensor != expected {
                throw ToolFailure("\(origin): tensor '\(name)' (not one row per row of data) differs from the first frame's; only row tensors may change between frames")
            }
        }
        rows += data.shape[0]
    }

    /// The joined frame (nil when nothing was appended) and the names of its row tensors.
    public func joined() -> (frame: Frame, rowTensors: Set<String>)? {
        guard var frame = first else { return nil }
        for name in rowTensorNames where parts[name]!.count > 1 {
            // Same dtype and trailing dimensions were checked in `append`.
            frame[name] = Tensor.concatenated(parts[name]!)!
        }
        return (frame, Set(rowTensorNames))
    }

    private static func names(_ frame: Frame) -> String {
        frame.tensors.isEmpty ? "none" : frame.tensors.map(\.name).joined(separator: ", ")
    }
}
