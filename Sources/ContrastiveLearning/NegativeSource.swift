/// Where an anchor's negatives come from, beyond the other views of its batch.
public enum NegativeSource: Sendable, Equatable, CustomStringConvertible {
    /// The 2B − 2 other views of the batch only (SimCLR). With a bank or queue these stay
    /// the in-batch negatives, and the key loss is added.
    case batch
    /// PIRL: a memory bank of one momentum-averaged projection per training image
    /// (`MemoryBank`); each view is also contrasted (`KeyContrastLoss`) with its image's entry
    /// as the positive and `count` entries of other images as negatives.
    case bank(count: Int)
    /// MoCo: a momentum copy of the network makes keys; each view is also contrasted with the
    /// key of its image's other view as the positive and the last `count` keys of earlier
    /// batches (`ProjectionQueue`) as negatives.
    case queue(count: Int)

    /// The momentum used when none is given: PIRL's 0.5 for the bank's entries, 0.99 for
    /// MoCo's key network (MoCo's 0.999 assumes far more steps than the digits give).
    public var defaultMomentum: Float {
        switch self {
        case .batch, .bank: 0.5
        case .queue: 0.99
        }
    }

    /// `batch`, `bank:N` or `queue:N` (N ≥ 1); nil for anything else.
    public init?(_ text: String) {
        if text == "batch" { self = .batch; return }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[1]), count >= 1 else { return nil }
        switch parts[0] {
        case "bank": self = .bank(count: count)
        case "queue": self = .queue(count: count)
        default: return nil
        }
    }

    /// The text form `init?(_:)` reads.
    public var description: String {
        switch self {
        case .batch: "batch"
        case let .bank(count): "bank:\(count)"
        case let .queue(count): "queue:\(count)"
        }
    }
}
