#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two concentric circles about the origin, scikit-learn's `make_circles(factor=...)`:
/// ring 0 (outer) of radius 1, ring 1 (inner) of radius `factor`, each at angles
/// t = 2πi/n, i = 0..<n (evenly spaced, the end left out: `np.linspace(0, 2π, n, endpoint=False)`).
public struct Rings: ToyCurve {
    /// The inner ring's radius over the outer one's, in (0, 1).
    public let factor: Double

    public init(factor: Double) {
        precondition(factor > 0 && factor < 1, "ring factor \(factor) outside (0, 1)")
        self.factor = factor
    }

    public var classes: Int { 2 }

    public func point(label: Int, index: Int, of count: Int) -> (x: Double, y: Double) {
        let t = 2 * Double.pi * Double(index) / Double(count)
        let radius = label == 0 ? 1 : factor
        return (radius * cos(t), radius * sin(t))
    }
}
