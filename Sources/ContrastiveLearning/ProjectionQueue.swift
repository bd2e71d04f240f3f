// MoCo's queue: the most recent projections, first in first out.
import TensorCore

/// The last `capacity` unit projections of earlier batches, oldest replaced first (MoCo, He
/// et al. 2020); starts as seeded random unit vectors.
public struct ProjectionQueue: Sendable, Equatable {
    /// The entries `[capacity, dimension]` in slot order (not age order).
    public private(set) var entries: [Float]
    /// The width of an entry.
    public let dimension: Int
    /// The slot the next projection replaces.
    private var next = 0

    /// A queue of `capacity` random unit entries.
    public init(capacity: Int, dimension: Int, generator: inout SeededGenerator) {
        precondition(capacity >= 1 && dimension >= 1, "ProjectionQueue: bad sizes")
        self.dimension = dimension
        entries = randomUnitRows(count: capacity, dimension: dimension, generator: &generator)
    }

    /// The number of entries.
    public var capacity: Int { entries.count / dimension }

    /// Puts the rows of `projections` `[rows, dimension]` in, replacing the oldest entries.
    public mutating func enqueue(_ projections: [Float]) {
        precondition(projections.count % dimension == 0, "ProjectionQueue.enqueue: rows of another width")
        for row in 0..<(projections.count / dimension) {
            entries.replaceSubrange((next * dimension)..<((next + 1) * dimension),
                                    with: projections[(row * dimension)..<((row + 1) * dimension)])
            next = (next + 1) % capacity
        }
    }
}
