import Foundation
import Testing
import ToyData

/// `Moons` against scikit-learn's make_moons formula, with no noise.
struct MoonsTests {
    /// Every outer point is on the unit circle's upper half, every inner one on the unit
    /// circle about (1, 0.5), lower half; each moon's x are cos t (outer) and 1 − cos t (inner)
    /// for t = linspace(0, π, n), found again after the shuffle by sorting.
    @Test(arguments: [1, 2, 7, 1000])
    func pointsLieOnTheirHalfCircles(count: Int) {
        let dataset = ToyDataset(curve: Moons(), count: count, noise: 0, seed: 5)
        #expect(labelCounts(dataset, classes: 2) == [count / 2, count - count / 2])
        for row in rows(dataset) {
            if row.label == 0 {
                #expect(abs(row.x * row.x + row.y * row.y - 1) < 1e-6, "\(row)")
                #expect(row.y >= -1e-7)
            } else {
                #expect(abs((row.x - 1) * (row.x - 1) + (row.y - 0.5) * (row.y - 0.5) - 1) < 1e-6, "\(row)")
                #expect(row.y <= 0.5 + 1e-7)
            }
        }
        for label in 0..<2 {
            let size = label == 0 ? count / 2 : count - count / 2
            let xs = rows(dataset).filter { $0.label == label }.map(\.x).sorted()
            let expected = (0..<size).map { i -> Double in
                let t = size == 1 ? 0 : Double.pi * Double(i) / Double(size - 1)
                return label == 0 ? cos(t) : 1 - cos(t)
            }.sorted()
            #expect(zip(xs, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "moon \(label)")
        }
    }

    /// The ends of both moons (t = 0 and t = π) are in the set: (±1, 0) and (0, 0.5), (2, 0.5).
    @Test func endsOfTheMoonsArePresent() {
        let points = rows(ToyDataset(curve: Moons(), count: 10, noise: 0, seed: 1))
        for (x, y, label) in [(1.0, 0.0, 0), (-1.0, 0.0, 0), (0.0, 0.5, 1), (2.0, 0.5, 1)] {
            #expect(points.contains { $0.label == label && abs($0.x - x) < 1e-6 && abs($0.y - y) < 1e-6 }, "(\(x), \(y))")
        }
    }
}
