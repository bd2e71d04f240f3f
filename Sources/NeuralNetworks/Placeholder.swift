// The library NeuralNetworks: placeholder until issue 12 lands its layers.
