/// Errors of the sparse-coding engine that callers can report to users.
public enum SparseCodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option is out of its domain: the option's name and what is wrong with it.
    case invalidOption(name: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidOption(name, reason): "invalid \(name): \(reason)"
        }
    }
}
