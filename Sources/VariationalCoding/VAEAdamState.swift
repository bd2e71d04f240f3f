/// Adam's state for every parameter of a VAE, as saved for `--resume`: the moments m and v,
/// named and shaped like the parameters (in parameter order), and the step count t shared by
/// every parameter.
public struct VAEAdamState: Sendable, Equatable {
    /// Steps taken (the same for every parameter).
    public var steps: Int
    /// m, one tensor per parameter, with the parameter's name and shape.
    public var first: [VAEParameter]
    /// v, one tensor per parameter, with the parameter's name and shape.
    public var second: [VAEParameter]

    public init(steps: Int, first: [VAEParameter], second: [VAEParameter]) {
        self.steps = steps
        self.first = first
        self.second = second
    }
}
