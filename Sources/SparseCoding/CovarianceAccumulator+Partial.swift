// Partial statistics: a shard's accumulator rebuilt from its saved (count, mean, scatter), so
// that shards fitted apart merge into the accumulator of the concatenated rows.

extension CovarianceAccumulator {
    /// An accumulator holding `count` rows of mean `mean` `[features]` and centred scatter
    /// `scatter` `[features, features]` (upper triangle read), as saved from another's
    /// `count`, `mean` and `scatter`.
    /// - Precondition: `count ≥ 0`, `scatter.count == mean.count²`.
    public init(count: Int, mean: [Double], scatter: [Double]) {
        precondition(count >= 0 && scatter.count == mean.count * mean.count,
                     "CovarianceAccumulator: \(scatter.count) scatter values for \(mean.count) features")
        self.init(features: mean.count)
        self.count = count
        self.mean = mean
        self.scatter = scatter
    }
}
