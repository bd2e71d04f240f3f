import Testing
@testable import SparseCoding

@Suite struct CovarianceAccumulatorTests {
    /// Two-pass mean and population covariance in Double, straight from the definition.
    static func twoPass(_ x: [Float], count: Int, features: Int) -> (mean: [Double], covariance: [Double]) {
        var mean = [Double](repeating: 0, count: features)
        for r in 0..<count { for j in 0..<features { mean[j] += Double(x[r * features + j]) } }
        mean = mean.map { $0 / Double(count) }
        var c = [Double](repeating: 0, count: features * features)
        for r in 0..<count {
            for i in 0..<features {
                for j in 0..<features {
                    c[i * features + j] += (Double(x[r * features + i]) - mean[i]) * (Double(x[r * features + j]) - mean[j])
                }
            }
        }
        return (mean, c.map { $0 / Double(count) })
    }

    /// Correlated rows far from the origin (offset 1000) so that naive Σx² − n·x̄² would cancel.
    @Test(arguments: [1, 2, 7, 9])
    func unevenBatchesMatchTwoPass(features: Int) {
        var random = TestRandom(seed: UInt64(800 + features))
        let count = 1100 + 37
        let mixing = (0..<(features * features)).map { _ in random.gaussian() }
        var x = [Float]()
        for _ in 0..<count {
            let g = (0..<features).map { _ in random.gaussian() }
            for j in 0..<features {
                var v = 1000.0 + Double(j)
                for k in 0..<features { v += mixing[j * features + k] * g[k] }
                x.append(Float(v))
            }
        }
        var accumulator = CovarianceAccumulator(features: features)
        var start = 0
        for size in [1, 0, 5, 300, count - 306] {
            accumulator.add(Array(x[(start * features)..<((start + size) * features)]), count: size)
            start += size
        }
        let (mean, covariance) = Self.twoPass(x, count: count, features: features)
        #expect(accumulator.count == count)
        #expect(relativeError(accumulator.mean, mean) < 1e-13)
        #expect(relativeError(accumulator.covariance, covariance) < 1e-10)

        // One big batch (split internally into 1024-row chunks), and a merge of two halves.
        var whole = CovarianceAccumulator(features: features)
        whole.add(x, count: count)
        #expect(relativeError(whole.covariance, covariance) < 1e-10)
        var left = CovarianceAccumulator(features: features), right = CovarianceAccumulator(features: features)
        left.add(Array(x[0..<(500 * features)]), count: 500)
        right.add(Array(x[(500 * features)...]), count: count - 500)
        left.merge(right)
        #expect(relativeError(left.covariance, covariance) < 1e-10)
        #expect(relativeError(left.mean, mean) < 1e-13)
    }

    @Test func emptyAccumulatorIsZero() {
        let empty = CovarianceAccumulator(features: 3)
        #expect(empty.count == 0)
        #expect(empty.mean == [0, 0, 0])
        #expect(empty.covariance.allSatisfy { $0 == 0 })
    }
}
