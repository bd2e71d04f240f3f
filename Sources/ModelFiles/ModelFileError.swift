/// A model file that cannot be used: not a model of the expected kind, shapes that disagree,
/// non-finite or out-of-range values. The description is one line naming the file and saying
/// what to do.
public struct ModelFileError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ message: String) { description = message }
}
