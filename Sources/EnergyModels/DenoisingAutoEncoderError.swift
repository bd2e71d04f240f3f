/// Errors of the denoising auto-encoder that callers can report to users (one line each).
public enum DenoisingAutoEncoderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A corruption that cannot be parsed or whose level is out of its domain: what is wrong.
    case invalidCorruption(String)
    /// Sizes that make no network: what is wrong.
    case invalidArchitecture(String)
    /// Saved parameters that do not fit the architecture: what is wrong.
    case parameterMismatch(String)
    /// Data rows that cannot be used: which row and what is wrong.
    case invalidRows(String)
    /// A training option out of its domain: the option's name and what is wrong.
    case invalidOption(name: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidCorruption(reason): "invalid corruption: \(reason)"
        case let .invalidArchitecture(reason): "invalid denoising auto-encoder: \(reason)"
        case let .parameterMismatch(reason): "denoising auto-encoder parameters do not fit: \(reason)"
        case let .invalidRows(reason): "invalid rows: \(reason)"
        case let .invalidOption(name, reason): "invalid \(name): \(reason)"
        }
    }
}
