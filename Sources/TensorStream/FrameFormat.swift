/// Constants and limits of the frame layout. The spec is `docs/stream-format.md`.
public enum FrameFormat {
    /// `LPTS` (latentpipe tensor stream), the first four bytes of every frame.
    public static let magic: [UInt8] = [0x4C, 0x50, 0x54, 0x53]
    public static let version: UInt16 = 1
    /// magic(4) version(2) flags(2) headerLength(4) headerCRC(4) payloadLength(8).
    public static let preludeSize = 24
    public static let maxHeaderBytes = 1 << 20
    public static let maxTensors = 64
    public static let maxAttributes = 1024
    public static let maxRank = 8
    public static let maxNameBytes = 255
    /// Largest payload one frame may carry; larger data is split into several frames.
    public static let maxPayloadBytes: UInt64 = 1 << 32
    /// Largest dimension of any tensor, on its own (2³²).
    public static let maxDimension: UInt64 = 1 << 32

    /// Checks one tensor's shape against the limits, each dimension on its own and the product
    /// of its non-zero dimensions times the element size against `maxPayloadBytes`, so that a
    /// zero dimension cannot hide an absurd one (`[0, 2⁶⁴−1]`). Returns the tensor's byte count,
    /// or a sentence saying what is wrong. Every product is overflow-checked.
    public static func byteCount(shape: [UInt64], elementSize: Int) -> Result<UInt64, ShapeLimitError> {
        var extent = UInt64(elementSize)
        var hasZero = false
        for (axis, dim) in shape.enumerated() {
            guard dim <= maxDimension else {
                return .failure(ShapeLimitError(detail: "dimension \(axis) is \(dim) (at most \(maxDimension))"))
            }
            if dim == 0 { hasZero = true; continue }
            let (product, overflow) = extent.multipliedReportingOverflow(by: dim)
            guard !overflow, product <= maxPayloadBytes else {
                return .failure(ShapeLimitError(detail: "shape \(shape.map(String.init).joined(separator: "x")) needs more than \(maxPayloadBytes) bytes"))
            }
            extent = product
        }
        return .success(hasZero ? 0 : extent)
    }
    public static let attributeNumber: UInt8 = 1
    public static let attributeString: UInt8 = 2
}

/// Why a shape breaks the limits of `FrameFormat.byteCount(shape:elementSize:)`.
public struct ShapeLimitError: Error, Sendable, CustomStringConvertible {
    public let detail: String
    public var description: String { detail }
}
