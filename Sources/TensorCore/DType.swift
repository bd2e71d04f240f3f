/// The element types a tensor can hold. Raw values are the codes written in a frame header.
public enum DType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 1
    case f64 = 2
    case i32 = 3
    case u8 = 4

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .f32, .i32: return 4
        case .f64: return 8
        case .u8: return 1
        }
    }

    /// The name used in headers, `tensor-info` and the spec (`f32`, `f64`, `i32`, `u8`).
    public var description: String {
        switch self {
        case .f32: return "f32"
        case .f64: return "f64"
        case .i32: return "i32"
        case .u8: return "u8"
        }
    }
}
