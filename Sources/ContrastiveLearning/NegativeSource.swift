/// Where an anchor's negatives come from, beyond the other views of its batch.
public enum NegativeSource: Sendable, Equatable, CustomStringConvertible {
    /// The 2B − 2 other views of the batch only (SimCLR).
    case batch
    /// `count` entries drawn each batch from a memory bank of one momentum-averaged
    /// projection per training image (PIRL; `MemoryBank`), never the batch's own images.
    case bank(count: Int)
    /// The last `count` projections of earlier batches, first in first out (MoCo's queue,
    /// here filled by the same encoder: MoCo's momentum encoder is not built; `ProjectionQueue`).
    case queue(count: Int)

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
