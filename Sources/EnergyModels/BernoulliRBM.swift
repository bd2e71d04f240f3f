// The Bernoulli–Bernoulli restricted Boltzmann machine: its parameters, initialisation and the
// rows it accepts.
import TensorCore

/// A restricted Boltzmann machine with binary visible units v ∈ {0, 1}ⱽ and binary hidden
/// units h ∈ {0, 1}ᴴ, energy
///
///     E(v, h) = −v·b − h·c − vᵀ·W·h,
///
/// p(v, h) = e^(−E(v, h)) / Z. Rows with values in [0, 1] (grey levels) are accepted as
/// probabilities, as scikit-learn's `BernoulliRBM` does.
///
/// Shapes: W `[visible, hidden]` row-major (scikit-learn's `components_` is its transpose),
/// b `[visible]`, c `[hidden]`; batches are `[rows, visible]` and `[rows, hidden]`.
public struct BernoulliRBM: Sendable, Equatable {
    /// V, the number of visible units (features of a row).
    public let visible: Int
    /// H, the number of hidden units.
    public let hidden: Int
    /// W `[visible, hidden]`, row-major.
    public internal(set) var weights: [Float]
    /// b `[visible]`.
    public internal(set) var visibleBias: [Float]
    /// c `[hidden]`.
    public internal(set) var hiddenBias: [Float]

    /// A fresh machine initialised as scikit-learn's: W ~ N(0, 0.01²) from
    /// `SeededGenerator(seed: seed)` (W's entries in row-major order), both biases 0.
    /// - Throws: `EnergyModelError.invalidArchitecture` unless visible ≥ 1 and hidden ≥ 1.
    public init(visible: Int, hidden: Int, seed: UInt64) throws {
        try Self.validate(visible: visible, hidden: hidden)
        var generator = SeededGenerator(seed: seed)
        self.visible = visible
        self.hidden = hidden
        weights = (0..<(visible * hidden)).map { _ in Float(0.01 * generator.gaussian()) }
        visibleBias = [Float](repeating: 0, count: visible)
        hiddenBias = [Float](repeating: 0, count: hidden)
    }

    /// A machine with the given parameters (a saved model).
    /// - Throws: `EnergyModelError.invalidArchitecture` for empty sizes,
    ///   `.parameterMismatch` when the counts disagree or a value is not finite.
    public init(visible: Int, hidden: Int, weights: [Float], visibleBias: [Float], hiddenBias: [Float]) throws {
        try Self.validate(visible: visible, hidden: hidden)
        guard weights.count == visible * hidden else {
            throw EnergyModelError.parameterMismatch("W has \(weights.count) values, expected \(visible)×\(hidden)")
        }
        guard visibleBias.count == visible else {
            throw EnergyModelError.parameterMismatch("the visible bias has \(visibleBias.count) values, expected \(visible)")
        }
        guard hiddenBias.count == hidden else {
            throw EnergyModelError.parameterMismatch("the hidden bias has \(hiddenBias.count) values, expected \(hidden)")
        }
        guard weights.allSatisfy(\.isFinite), visibleBias.allSatisfy(\.isFinite), hiddenBias.allSatisfy(\.isFinite) else {
            throw EnergyModelError.parameterMismatch("a parameter is not finite")
        }
        self.visible = visible
        self.hidden = hidden
        self.weights = weights
        self.visibleBias = visibleBias
        self.hiddenBias = hiddenBias
    }

    private static func validate(visible: Int, hidden: Int) throws {
        guard visible >= 1 else { throw EnergyModelError.invalidArchitecture("\(visible) visible units (need at least 1)") }
        guard hidden >= 1 else { throw EnergyModelError.invalidArchitecture("\(hidden) hidden units (need at least 1)") }
    }

    /// The number of parameters: V·H + V + H.
    public var parameterCount: Int { visible * hidden + visible + hidden }

    /// Checks that `rows` is `[count, visible]` with every value finite and in [0, 1].
    /// - Throws: `EnergyModelError.invalidRows` naming the first bad row and feature (0-based)
    ///   and, for values outside [0, 1], suggesting how to scale them.
    public func validate(rows: [Float], count: Int) throws {
        guard count >= 0, rows.count == count * visible else {
            throw EnergyModelError.invalidRows("\(rows.count) values are not \(count) rows of \(visible) features")
        }
        for (index, value) in rows.enumerated() where !(value >= 0 && value <= 1) {
            let row = index / visible, feature = index % visible
            if !value.isFinite {
                throw EnergyModelError.invalidRows("row \(row), feature \(feature) is \(value): every value must be finite")
            }
            throw EnergyModelError.invalidRows(
                "row \(row), feature \(feature) is \(value), outside [0, 1]: a Bernoulli RBM models binary units; "
                + "scale the rows into [0, 1] first (e.g. 8-bit pixels divided by 255)")
        }
    }
}
