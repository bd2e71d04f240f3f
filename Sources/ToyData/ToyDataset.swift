import TensorCore

/// Seeded samples of a toy 2-D distribution, as scikit-learn's `make_moons` and `make_circles`
/// make them: evenly spaced points on each class's curve, the rows shuffled, then Gaussian
/// noise of standard deviation σ added to every coordinate. Same curve, count, σ and seed, same
/// values; the noise is drawn after the shuffle, so σ = 0 gives the same rows in the same
/// order as any σ with that seed, without the noise.
public struct ToyDataset: Sendable, Equatable {
    /// The points [count, 2], row-major (rows are samples).
    public let points: [Float]
    /// The class of each row [count]: which arm, moon or ring.
    public let labels: [Int32]

    public var count: Int { labels.count }

    /// Rows per class: class k of K gets ⌊n(k+1)/K⌋ − ⌊nk/K⌋, so that the sizes differ by at
    /// most one (for two classes scikit-learn's n//2 outer and n − n//2 inner).
    public static func classSizes(count: Int, classes: Int) -> [Int] {
        (0..<classes).map { (count * ($0 + 1)) / classes - (count * $0) / classes }
    }

    /// `count` rows of `curve` with noise of standard deviation `noise` (≥ 0), from `seed`.
    public init(curve: some ToyCurve, count: Int, noise: Double, seed: UInt64) {
        precondition(count >= 0 && noise >= 0 && noise.isFinite)
        var clean: [(x: Double, y: Double, label: Int32)] = []
        clean.reserveCapacity(count)
        for (label, size) in Self.classSizes(count: count, classes: curve.classes).enumerated() {
            for index in 0..<size {
                let point = curve.point(label: label, index: index, of: size)
                clean.append((point.x, point.y, Int32(label)))
            }
        }
        var generator = SeededGenerator(seed: seed)
        generator.shuffle(&clean)
        var points: [Float] = []
        points.reserveCapacity(2 * count)
        for row in clean {
            let dx = noise > 0 ? noise * generator.gaussian() : 0
            let dy = noise > 0 ? noise * generator.gaussian() : 0
            points += [Float(row.x + dx), Float(row.y + dy)]
        }
        self.points = points
        labels = clean.map(\.label)
    }
}
