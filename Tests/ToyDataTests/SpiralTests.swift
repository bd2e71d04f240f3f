import Foundation
import Testing
import ToyData

/// `Spiral` against its formula r = s, θ = 2π(c + 2s)/C, (x, y) = r(sin θ, cos θ).
struct SpiralTests {
    /// From a point alone: its radius is s, and its polar angle (from the y axis towards x)
    /// less the winding 4πs/C is the arm's offset 2πc/C, modulo 2π. The radii of each arm,
    /// sorted, are linspace(0, 1, n).
    @Test(arguments: [2, 3, 5])
    func pointsLieOnTheirArms(arms: Int) {
        let count = 600
        let dataset = ToyDataset(curve: Spiral(arms: arms), count: count, noise: 0, seed: 9)
        let sizes = (0..<arms).map { count * ($0 + 1) / arms - count * $0 / arms }
        #expect(labelCounts(dataset, classes: arms) == sizes)
        for row in rows(dataset) {
            let radius = (row.x * row.x + row.y * row.y).squareRoot()
            guard radius > 1e-3 else { continue }   // at the centre the angle is rounding
            let offset = atan2(row.x, row.y) - 4 * Double.pi * radius / Double(arms) - 2 * Double.pi * Double(row.label) / Double(arms)
            let wrapped = offset - 2 * Double.pi * (offset / (2 * Double.pi)).rounded()
            #expect(abs(wrapped) < 1e-4, "\(row): off by \(wrapped)")
        }
        for label in 0..<arms {
            let radii = rows(dataset).filter { $0.label == label }.map { ($0.x * $0.x + $0.y * $0.y).squareRoot() }.sorted()
            #expect(radii.enumerated().allSatisfy { abs($0.element - Double($0.offset) / Double(sizes[label] - 1)) < 1e-6 }, "arm \(label)")
        }
    }

    /// Two arms: the outer ends are at θ = 2π (arm 0: (0, 1)) and 3π (arm 1: (0, −1)).
    @Test func outerEndsOfTwoArms() {
        let points = rows(ToyDataset(curve: Spiral(arms: 2), count: 20, noise: 0, seed: 4))
        #expect(points.contains { $0.label == 0 && abs($0.x) < 1e-6 && abs($0.y - 1) < 1e-6 })
        #expect(points.contains { $0.label == 1 && abs($0.x) < 1e-6 && abs($0.y + 1) < 1e-6 })
    }
}
