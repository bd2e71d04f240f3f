/// The constants of one Adam step (Kernels/Shared/AdamUpdate.swift): the step size α, the
/// moments' decays β₁, β₂, ε, and the bias corrections 1/(1 − β₁ᵗ) and 1/(1 − β₂ᵗ).
public struct AdamRates: Sendable {
    public let learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let firstScale: Float
    public let secondScale: Float

    public init(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, firstScale: Float, secondScale: Float) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.firstScale = firstScale
        self.secondScale = secondScale
    }
}
