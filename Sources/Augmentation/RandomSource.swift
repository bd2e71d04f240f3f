import TensorCore

/// A seeded source of random numbers the transformations draw from: uniform values in
/// [0, 1), integers below a bound and standard normal values (`SeededGenerator` is one).
public protocol RandomSource {
    /// A uniform value in [0, 1).
    mutating func unit() -> Double
    /// A uniform integer in `0..<bound`.
    mutating func below(_ bound: Int) -> Int
    /// A standard normal value.
    mutating func gaussian() -> Double
}

extension SeededGenerator: RandomSource {}
