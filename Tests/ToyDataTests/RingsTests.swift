import Foundation
import Testing
import ToyData

/// `Rings` against scikit-learn's make_circles formula, with no noise.
struct RingsTests {
    /// Radii exactly 1 and the factor; on each ring the angles, sorted, step by 2π/n from 0
    /// (the end left out, so no two points coincide).
    @Test(arguments: [(0.5, 9), (0.8, 1000), (0.25, 2)])
    func radiiAndAnglesAreExact(factor: Double, count: Int) {
        let dataset = ToyDataset(curve: Rings(factor: factor), count: count, noise: 0, seed: 2)
        let sizes = [count / 2, count - count / 2]
        #expect(labelCounts(dataset, classes: 2) == sizes)
        for label in 0..<2 {
            let ring = rows(dataset).filter { $0.label == label }
            let radius = label == 0 ? 1 : factor
            #expect(ring.allSatisfy { abs(($0.x * $0.x + $0.y * $0.y).squareRoot() - radius) < 1e-6 }, "ring \(label)")
            let angles = ring.map { t -> Double in
                let angle = atan2(t.y, t.x)
                return angle < -1e-6 ? angle + 2 * .pi : max(angle, 0)
            }.sorted()
            let step = 2 * Double.pi / Double(sizes[label])
            #expect(angles.enumerated().allSatisfy { abs($0.element - Double($0.offset) * step) < 1e-5 }, "ring \(label): \(angles.prefix(4))")
        }
    }
}
