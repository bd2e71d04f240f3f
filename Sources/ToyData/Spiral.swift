#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interleaved arms of an Archimedean spiral, the spiral of the NYU deep-learning course's
/// notebooks (Canziani): arm c of C, at s evenly spaced over [0, 1] (both ends included),
///   r = s,  θ = 2π(c + 2s)/C,  (x, y) = (r sin θ, r cos θ).
/// Every arm starts at the origin and winds through 4π/C to radius 1; arm c is arm 0 turned
/// by 2πc/C (clockwise, as θ is measured from the y axis towards x). The course adds its noise
/// to θ; here, as for the other toy sets, the noise is added to x and y.
public struct Spiral: ToyCurve {
    /// Number of arms C, at least 2.
    public let arms: Int

    public init(arms: Int) {
        precondition(arms >= 2, "a spiral needs two or more arms, not \(arms)")
        self.arms = arms
    }

    public var classes: Int { arms }

    public func point(label: Int, index: Int, of count: Int) -> (x: Double, y: Double) {
        let s = Self.evenlySpaced(index, of: count, from: 0, to: 1)
        let theta = 2 * Double.pi * (Double(label) + 2 * s) / Double(arms)
        return (s * sin(theta), s * cos(theta))
    }
}
