// The restricted Boltzmann machine with binary hidden units (and binary or Gaussian visible
// units): its parameters, initialisation and the rows it accepts.
import TensorCore

/// A restricted Boltzmann machine with binary hidden units h ∈ {0, 1}ᴴ and binary visible
/// units v ∈ {0, 1}ⱽ (Bernoulli–Bernoulli), energy
///
///     E(v, h) = −v·b − h·c − vᵀ·W·h,
///
/// or, with `visibleUnits` `.gaussian`, real visible units of unit variance
/// (Gaussian–Bernoulli), energy
///
///     E(v, h) = ½‖v − b‖² − h·c − vᵀ·W·h;
///
/// p(v, h) = e^(−E(v, h)) / Z. Binary machines accept rows with values in [0, 1] (grey levels)
/// as probabilities, as scikit-learn's `BernoulliRBM` does; Gaussian ones any finite rows,
/// best standardised (unit variance per feature, as `whiten` makes them).
///
/// Shapes: W `[visible, hidden]` row-major (scikit-learn's `components_` is its transpose),
/// b `[visible]`, c `[hidden]`; batches are `[rows, visible]` and `[rows, hidden]`.
public struct BernoulliRBM: Sendable, Equatable {
    /// V, the number of visible units (features of a row).
    public let visible: Int
    /// H, the number of hidden units.
    public let hidden: Int
    /// Binary or Gaussian visible units.
    public let visibleUnits: VisibleUnits
    /// W `[visible, hidden]`, row-major.
    public internal(set) var weights: [Float]
    /// b `[visible]`.
    public internal(set) var visibleBias: [Float]
    /// c `[hidden]`.
    public internal(set) var hiddenBias: [Float]

    /// A fresh machine initialised as scikit-learn's: W ~ N(0, 0.01²) from
    /// `SeededGenerator(seed: seed)` (W's entries in row-major order), both biases 0.
    /// - Throws: `EnergyModelError.invalidArchitecture` unless visible ≥ 1 and hidden ≥ 1.
    public init(visible: Int, hidden: Int, visibleUnits: VisibleUnits = .bernoulli, seed: UInt64) throws {
        try Self.validate(visible: visible, hidden: hidden)
        var generator = SeededGenerator(seed: seed)
        self.visible = visible
        self.hidden = hidden
        self.visibleUnits = visibleUnits
        weights = (0..<(visible * hidden)).map { _ in Float(0.01 * generator.gaussian()) }
        visibleBias = [Float](repeating: 0, count: visible)
        hiddenBias = [Float](repeating: 0, count: hidden)
    }

    /// A machine with the given parameters (a saved model).
    /// - Throws: `EnergyModelError.invalidArchitecture` for empty sizes,
    ///   `.parameterMismatch` when the counts disagree or a value is not finite.
    public init(visible: Int, hidden: Int, visibleUnits: VisibleUnits = .bernoulli, weights: [Float], visibleBias: [Float],
                hiddenBias: [Float]) throws {
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
        self.visibleUnits = visibleUnits
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

    /// Checks that `rows` is `[count, visible]` with every value finite and, for binary visible
    /// units, in [0, 1].
    /// - Throws: `EnergyModelError.invalidRows` naming the first bad row and feature (0-based)
    ///   and, for values outside [0, 1], suggesting how to scale them.
    public func validate(rows: [Float], count: Int) throws {
        guard count >= 0, rows.count == count * visible else {
            throw EnergyModelError.invalidRows("\(rows.count) values are not \(count) rows of \(visible) features")
        }
        let accepted: (Float) -> Bool = visibleUnits == .bernoulli ? { $0 >= 0 && $0 <= 1 } : { $0.isFinite }
        for (index, value) in rows.enumerated() where !accepted(value) {
            let row = index / visible, feature = index % visible
            if !value.isFinite {
                throw EnergyModelError.invalidRows("row \(row), feature \(feature) is \(value): every value must be finite")
            }
            throw EnergyModelError.invalidRows(
                "row \(row), feature \(feature) is \(value), outside [0, 1]: a Bernoulli RBM models binary units; "
                + "scale the rows into [0, 1] first (e.g. 8-bit pixels divided by 255), or use Gaussian visible units (--visible gaussian) for real-valued rows")
        }
    }
}
