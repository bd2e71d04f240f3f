/// Errors of the energy-model library that callers can report to users (one line each).
public enum EnergyModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Sizes or parameters that make no model: what is wrong.
    case invalidArchitecture(String)
    /// Saved parameters that do not fit the architecture: what is wrong.
    case parameterMismatch(String)
    /// Data rows that cannot be used: which row and what is wrong (and what to do).
    case invalidRows(String)
    /// A training option out of its domain: the option's name and what is wrong.
    case invalidOption(name: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidArchitecture(reason): "invalid model: \(reason)"
        case let .parameterMismatch(reason): "model parameters do not fit: \(reason)"
        case let .invalidRows(reason): "invalid rows: \(reason)"
        case let .invalidOption(name, reason): "invalid \(name): \(reason)"
        }
    }
}
