import TensorCore

/// A stack of equally sized planes, planar and row-major: `values[(plane · height + y) · width + x]`.
/// An image is a stack of its channels `[channels, H, W]`; feature maps are a stack of maps
/// `[maps, H, W]`, one per kernel.
public struct PlaneStack: Sendable, Equatable {
    public let planes: Int
    public let height: Int
    public let width: Int
    /// `planes · height · width` values, plane after plane.
    public var values: [Float]

    /// The stack holding `values`; `values.count` must be `planes · height · width`.
    public init(planes: Int, height: Int, width: Int, values: [Float]) {
        precondition(planes >= 0 && height >= 0 && width >= 0 && values.count == planes * height * width,
                     "a plane stack of \(planes)x\(height)x\(width) with \(values.count) values")
        self.planes = planes
        self.height = height
        self.width = width
        self.values = values
    }

    /// The stack a rank-3 tensor `[planes, height, width]` holds (an image frame's `data`, or
    /// maps), as Float.
    public init(_ tensor: Tensor) {
        precondition(tensor.rank == 3, "a plane stack from a tensor \(tensor.shapeDescription)")
        self.init(planes: tensor.shape[0], height: tensor.shape[1], width: tensor.shape[2], values: tensor.floats)
    }

    /// A stack of zeros.
    public init(planes: Int, height: Int, width: Int) {
        self.init(planes: planes, height: height, width: width,
                  values: [Float](repeating: 0, count: planes * height * width))
    }

    /// Values in one plane.
    public var planeSize: Int { height * width }

    /// The index of the first non-finite value, if any.
    public var firstNonFinite: Int? { values.firstIndex { !$0.isFinite } }

    /// The rows `rows` and columns `columns` of every plane, as a new stack.
    public func cropped(rows: Range<Int>, columns: Range<Int>) -> PlaneStack {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= height
                     && columns.lowerBound >= 0 && columns.upperBound <= width)
        var out = [Float]()
        out.reserveCapacity(planes * rows.count * columns.count)
        for p in 0..<planes {
            for y in rows {
                let start = (p * height + y) * width
                out.append(contentsOf: values[(start + columns.lowerBound)..<(start + columns.upperBound)])
            }
        }
        return PlaneStack(planes: planes, height: rows.count, width: columns.count, values: out)
    }
}
