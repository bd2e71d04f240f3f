import NeuralNetworks

/// One named parameter tensor of a VAE (`encoder.0.weight`, `mean.bias`, …; see
/// `VAEArchitecture.parameterShapes`).
public typealias VAEParameter = NamedParameter
