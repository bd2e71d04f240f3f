/// What is wrong with saved parameters against the names and shapes a network expects, in
/// order: a different count, a name or shape that differs, or a value that is not finite;
/// nil when they fit. The text names the first offending tensor (for a model's
/// `parameterMismatch` error).
public func parameterMismatch(_ parameters: [NamedParameter], expected: [(name: String, shape: [Int])]) -> String? {
    guard parameters.count == expected.count else {
        return "\(parameters.count) parameter tensors, the architecture has \(expected.count)"
    }
    for (given, wanted) in zip(parameters, expected) {
        guard given.name == wanted.name, given.shape == wanted.shape, given.values.count == wanted.shape.reduce(1, *) else {
            return "\(given.name) \(given.shape) where \(wanted.name) \(wanted.shape) belongs"
        }
        guard given.values.allSatisfy(\.isFinite) else { return "\(given.name) has non-finite values" }
    }
    return nil
}
