/// Errors of the sparse-coding engine that callers can report to users.
public enum SparseCodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option is out of its domain: the option's name and what is wrong with it.
    case invalidOption(name: String, reason: String)
    /// Saved model parameters that cannot be used: the kind of model and what is wrong.
    case invalidModel(kind: String, detail: String)

    public var description: String {
        switch self {
        case let .invalidOption(name, reason): "invalid \(name): \(reason)"
        case let .invalidModel(kind, detail): "invalid \(kind): \(detail)"
        }
    }
}
