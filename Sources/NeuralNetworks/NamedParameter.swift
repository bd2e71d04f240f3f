/// One named parameter tensor of a network (a layer's weight or bias), as model files store it.
public struct NamedParameter: Sendable, Equatable {
    /// E.g. `encoder.0.weight`, `mean.bias` (the network's `parameterShapes`).
    public var name: String
    /// `[inputs, outputs]` for a weight, `[outputs]` for a bias.
    public var shape: [Int]
    /// Row-major values, shape.reduce(1, *) of them.
    public var values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}
