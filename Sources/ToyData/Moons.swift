#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two interleaving half circles, scikit-learn's `make_moons`:
///   moon 0 (outer): (cos t, sin t),            the upper half of the unit circle about (0, 0);
///   moon 1 (inner): (1 − cos t, 1 − sin t − 0.5), the lower half of the unit circle about (1, 0.5);
/// t evenly spaced over [0, π], both ends included (`np.linspace(0, np.pi, n)`, not drawn at
/// random), as in scikit-learn.
public struct Moons: ToyCurve {
    public init() {}

    public var classes: Int { 2 }

    public func point(label: Int, index: Int, of count: Int) -> (x: Double, y: Double) {
        let t = Self.evenlySpaced(index, of: count, from: 0, to: .pi)
        return label == 0 ? (cos(t), sin(t)) : (1 - cos(t), 1 - sin(t) - 0.5)
    }
}
