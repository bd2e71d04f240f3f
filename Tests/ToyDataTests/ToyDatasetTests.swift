import Testing
import ToyData

/// What every kind shares: class sizes, seeds, the shuffle, and the noise's statistics.
struct ToyDatasetTests {
    static let curves: [any ToyCurve] = [Spiral(arms: 3), Moons(), Rings(factor: 0.5)]

    @Test func classSizesDifferByAtMostOneAndAddUp() {
        #expect(ToyDataset.classSizes(count: 7, classes: 2) == [3, 4])
        #expect(ToyDataset.classSizes(count: 10, classes: 3) == [3, 3, 4])
        #expect(ToyDataset.classSizes(count: 1, classes: 3) == [0, 0, 1])
        for count in 0..<50 {
            for classes in 2..<7 {
                let sizes = ToyDataset.classSizes(count: count, classes: classes)
                #expect(sizes.reduce(0, +) == count && sizes.max()! - sizes.min()! <= 1)
            }
        }
    }

    @Test func sameSeedSameValuesOtherSeedOtherOrder() {
        for curve in Self.curves {
            let a = ToyDataset(curve: curve, count: 300, noise: 0.1, seed: 11)
            let b = ToyDataset(curve: curve, count: 300, noise: 0.1, seed: 11)
            let c = ToyDataset(curve: curve, count: 300, noise: 0.1, seed: 12)
            #expect(a == b)
            #expect(a.points != c.points && a.labels != c.labels)
        }
    }

    /// The rows are shuffled, as scikit-learn's shuffle=True: the labels are not in blocks.
    @Test func rowsAreShuffled() {
        let dataset = ToyDataset(curve: Moons(), count: 1000, noise: 0, seed: 3)
        let changes = zip(dataset.labels, dataset.labels.dropFirst()).filter { $0 != $1 }.count
        // Random order gives about 500 label changes (sd 16); blocks would give 1.
        #expect(changes > 400 && changes < 600, "\(changes) label changes")
    }

    /// Noisy minus clean (same seed, so the same rows in the same order): each coordinate's
    /// residuals have mean 0 within 4 standard errors, standard deviation σ within 3 %, and x
    /// and y residuals uncorrelated (|r| < 4/√n).
    @Test(arguments: [0.05, 0.3])
    func noiseIsGaussianOfTheGivenDeviation(sigma: Double) {
        let count = 20_000
        for curve in Self.curves {
            let clean = ToyDataset(curve: curve, count: count, noise: 0, seed: 21)
            let noisy = ToyDataset(curve: curve, count: count, noise: sigma, seed: 21)
            #expect(noisy.labels == clean.labels)
            let residuals = zip(noisy.points, clean.points).map { Double($0) - Double($1) }
            let xs = stride(from: 0, to: residuals.count, by: 2).map { residuals[$0] }
            let ys = stride(from: 1, to: residuals.count, by: 2).map { residuals[$0] }
            for values in [xs, ys] {
                let mean = values.reduce(0, +) / Double(count)
                let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count - 1)).squareRoot()
                #expect(abs(mean) < 4 * sigma / Double(count).squareRoot(), "\(curve): mean \(mean)")
                #expect(abs(sd / sigma - 1) < 0.03, "\(curve): sd \(sd)")
            }
            let correlation = zip(xs, ys).map { $0 * $1 }.reduce(0, +) / Double(count) / (sigma * sigma)
            #expect(abs(correlation) < 4 / Double(count).squareRoot(), "\(curve): correlation \(correlation)")
        }
    }
}
