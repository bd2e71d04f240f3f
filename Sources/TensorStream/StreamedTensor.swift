import TensorCore

/// A tensor written without being held in memory (`FrameWriter.write(_:streaming:)`): its
/// name, dtype and shape, and a producer that hands its elements' little-endian bytes, in
/// row-major order, to `emit` in as many chunks as it likes, exactly the shape's byte count in all.
public struct StreamedTensor {
    public let name: String
    public let dtype: DType
    public let shape: [Int]
    public let produce: (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void

    public init(name: String, dtype: DType, shape: [Int],
                produce: @escaping (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.produce = produce
    }
}
