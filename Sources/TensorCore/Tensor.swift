/// The elements of a tensor, in C (row-major) order.
public enum TensorStorage: Sendable, Equatable {
    case f32([Float])
    case f64([Double])
    case i32([Int32])
    case u8([UInt8])

    public var dtype: DType {
        switch self {
        case .f32: return .f32
        case .f64: return .f64
        case .i32: return .i32
        case .u8: return .u8
        }
    }

    public var count: Int {
        switch self {
        case .f32(let v): return v.count
        case .f64(let v): return v.count
        case .i32(let v): return v.count
        case .u8(let v): return v.count
        }
    }
}

/// An n-dimensional array: a shape and its elements in C order.
///
/// Batch-major by convention: the main tensor of a frame, `data`, is `[batch, features]`.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var storage: TensorStorage

    /// Creates a tensor; `storage.count` must equal the product of `shape`.
    /// - Precondition: no dimension is negative and the product of the non-zero dimensions
    ///   does not overflow `Int` (`Tensor.elementCount(of:)` is not nil).
    public init(shape: [Int], storage: TensorStorage) {
        precondition(Self.elementCount(of: shape) == storage.count, "shape \(shape) does not match \(storage.count) elements")
        self.shape = shape
        self.storage = storage
    }

    public init(shape: [Int], floats: [Float]) { self.init(shape: shape, storage: .f32(floats)) }
    public init(shape: [Int], doubles: [Double]) { self.init(shape: shape, storage: .f64(doubles)) }
    public init(shape: [Int], ints: [Int32]) { self.init(shape: shape, storage: .i32(ints)) }
    public init(shape: [Int], bytes: [UInt8]) { self.init(shape: shape, storage: .u8(bytes)) }

    public var dtype: DType { storage.dtype }
    public var count: Int { storage.count }
    public var rank: Int { shape.count }

    /// Rows when the tensor is seen as a matrix `[shape[0], rest]`; 1 for a scalar.
    public var rows: Int { shape.first ?? 1 }
    /// Elements per row when seen as a matrix `[shape[0], rest]` (every product of
    /// dimensions of a tensor fits `Int`: see `elementCount(of:)`).
    public var rowLength: Int { shape.dropFirst().reduce(1, *) }

    /// The number of elements of `shape`, or nil when a dimension is negative or the product
    /// of the non-zero dimensions overflows `Int` (so that no partial product of a valid
    /// shape, such as `rowLength` of `[0, 2⁴⁰, 2⁴⁰]`, can overflow either).
    public static func elementCount(of shape: [Int]) -> Int? {
        var extent = 1
        var hasZero = false
        for dim in shape {
            guard dim >= 0 else { return nil }
            if dim == 0 { hasZero = true; continue }
            let (product, overflow) = extent.multipliedReportingOverflow(by: dim)
            guard !overflow else { return nil }
            extent = product
        }
        return hasZero ? 0 : extent
    }

    /// The elements converted to `Float` (a copy unless already `f32`).
    public var floats: [Float] {
        switch storage {
        case .f32(let v): return v
        case .f64(let v): return v.map { Float($0) }
        case .i32(let v): return v.map { Float($0) }
        case .u8(let v): return v.map { Float($0) }
        }
    }

    /// The elements converted to `Double`.
    public var doubles: [Double] {
        switch storage {
        case .f32(let v): return v.map { Double($0) }
        case .f64(let v): return v
        case .i32(let v): return v.map { Double($0) }
        case .u8(let v): return v.map { Double($0) }
        }
    }

    /// The index of the first element that is NaN or infinite, if any.
    public var firstNonFinite: Int? {
        switch storage {
        case .f32(let v): return v.firstIndex { !$0.isFinite }
        case .f64(let v): return v.firstIndex { !$0.isFinite }
        case .i32, .u8: return nil
        }
    }

    /// Shape written as `2x3x4` (`scalar` for rank 0).
    public var shapeDescription: String {
        shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "x")
    }
}
