// The corruption a denoising auto-encoder learns to undo: Gaussian noise, masking, salt and pepper.
import TensorCore

/// How a clean row is corrupted before the denoising auto-encoder restores it (Vincent et al.
/// 2008, 2010). Written in text as the tools' `--noise` flag takes it: `gaussian:σ`, `mask:p`,
/// `saltpepper:p`. Only the network's input is corrupted (Gaussian noise may take it outside
/// [0, 1]); the target stays the clean row.
public enum Corruption: Sendable, Equatable, CustomStringConvertible {
    /// x̃ = x + σ·n, n ~ N(0, 1) per value (σ ≥ 0): for real-valued rows (whitened patches).
    case gaussian(standardDeviation: Float)
    /// Each value set to 0 with probability p, kept otherwise (Vincent's masking noise).
    case mask(probability: Float)
    /// Each value, with probability p, set to 0 or to 1 (half each), kept otherwise.
    case saltAndPepper(probability: Float)

    /// Parses `gaussian:σ`, `mask:p` or `saltpepper:p` (`salt-pepper:p` too), σ finite and
    /// ≥ 0, p in [0, 1).
    /// - Throws: `DenoisingAutoEncoderError.invalidCorruption` saying what is wrong.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw DenoisingAutoEncoderError.invalidCorruption("'\(text)' is not KIND:LEVEL (gaussian:0.3, mask:0.25 or saltpepper:0.1)")
        }
        guard let level = Float(parts[1]) else {
            throw DenoisingAutoEncoderError.invalidCorruption("'\(parts[1])' in '\(text)' is not a number")
        }
        switch parts[0].lowercased() {
        case "gaussian": self = .gaussian(standardDeviation: level)
        case "mask": self = .mask(probability: level)
        case "saltpepper", "salt-pepper": self = .saltAndPepper(probability: level)
        default:
            throw DenoisingAutoEncoderError.invalidCorruption("unknown kind '\(parts[0])' (use gaussian, mask or saltpepper)")
        }
        try validate()
    }

    /// The text form, `gaussian:0.3`, `mask:0.25`, `saltpepper:0.1` (parses back to `self`).
    public var description: String {
        switch self {
        case let .gaussian(s): "gaussian:\(s)"
        case let .mask(p): "mask:\(p)"
        case let .saltAndPepper(p): "saltpepper:\(p)"
        }
    }

    /// - Throws: `DenoisingAutoEncoderError.invalidCorruption` for σ < 0, p outside [0, 1),
    ///   or a level that is not finite.
    public func validate() throws {
        switch self {
        case let .gaussian(s):
            guard s.isFinite && s >= 0 else {
                throw DenoisingAutoEncoderError.invalidCorruption("the Gaussian standard deviation must be finite and ≥ 0, got \(s)")
            }
        case let .mask(p), let .saltAndPepper(p):
            guard p >= 0 && p < 1 else {
                throw DenoisingAutoEncoderError.invalidCorruption("the probability of \(self) must be in [0, 1), got \(p)")
            }
        }
    }

    /// The corrupted copy of `rows` (any shape, row-major; each value independently), drawn
    /// from `generator` value by value in order: `gaussian()` per value (Gaussian), one
    /// `unit()` per value (mask), one `unit()` per value and a second one for each changed
    /// value (salt and pepper: below ½ gives 0).
    public func apply(to rows: [Float], generator: inout SeededGenerator) -> [Float] {
        var corrupted = rows
        switch self {
        case let .gaussian(s):
            for i in corrupted.indices { corrupted[i] += s * Float(generator.gaussian()) }
        case let .mask(p):
            for i in corrupted.indices where generator.unit() < Double(p) { corrupted[i] = 0 }
        case let .saltAndPepper(p):
            for i in corrupted.indices where generator.unit() < Double(p) { corrupted[i] = generator.unit() < 0.5 ? 0 : 1 }
        }
        return corrupted
    }
}
