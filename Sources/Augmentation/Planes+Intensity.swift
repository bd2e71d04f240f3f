extension Planes {
    /// Contrast and brightness: every sample `v` becomes `m + contrast·(v − m) + brightness`,
    /// `m` the mean of all the image's samples (so contrast 1, brightness 0 is the identity and
    /// the mean moves by `brightness` only).
    public func adjusted(contrast: Float, brightness: Float) -> Planes {
        let mean = values.reduce(0, +) / Float(values.count)
        var out = self
        for index in values.indices { out.values[index] = mean + contrast * (values[index] - mean) + brightness }
        return out
    }

    /// The image with independent Gaussian noise of standard deviation `sigma` added to every
    /// sample, drawn from `generator` in sample order.
    public func withNoise<Generator: RandomSource>(sigma: Float, using generator: inout Generator) -> Planes {
        var out = self
        for index in values.indices { out.values[index] += sigma * Float(generator.gaussian()) }
        return out
    }
}
