import Testing
import TensorCore
@testable import ContrastiveLearning

/// MoCo's queue: random unit entries at the start, then first in first out.
@Suite struct ProjectionQueueTests {
    @Test func startsAsUnitVectors() {
        var generator = SeededGenerator(seed: 9)
        let queue = ProjectionQueue(capacity: 6, dimension: 3, generator: &generator)
        #expect(queue.capacity == 6 && queue.entries.count == 18)
        for r in 0..<6 {
            let length = (0..<3).map { queue.entries[r * 3 + $0] * queue.entries[r * 3 + $0] }.reduce(0, +).squareRoot()
            #expect(abs(length - 1) <= 1e-6)
        }
    }

    /// Capacity 3, five rows in: rows 0, 1, 2 fill slots 0, 1, 2; rows 3 and 4 replace the
    /// oldest, rows 0 and 1, so the slots hold rows 3, 4, 2. In one call or in two, the same.
    @Test func keepsTheNewestRowsOldestReplacedFirst() {
        let rows: [[Float]] = [[1, 0], [0, 1], [-1, 0], [0, -1], [0.6, 0.8]]
        var generator = SeededGenerator(seed: 9)
        var queue = ProjectionQueue(capacity: 3, dimension: 2, generator: &generator)
        var split = queue
        queue.enqueue(rows.flatMap { $0 })
        #expect(queue.entries == rows[3] + rows[4] + rows[2])
        split.enqueue(rows[0] + rows[1])
        #expect(Array(split.entries[0..<4]) == rows[0] + rows[1])
        split.enqueue(rows[2] + rows[3] + rows[4])
        #expect(split == queue)
        // Two more replace the oldest, row 2 (slot 2) then row 3 (slot 0).
        queue.enqueue([0.8, 0.6, -0.6, 0.8])
        #expect(queue.entries == [-0.6, 0.8] + rows[4] + [0.8, 0.6])
    }

    @Test func moreRowsThanCapacityKeepTheLast() {
        var generator = SeededGenerator(seed: 10)
        var queue = ProjectionQueue(capacity: 2, dimension: 1, generator: &generator)
        queue.enqueue([1, 2, 3, 4, 5, 6, 7])
        // Slots 0, 1, 0, 1, 0, 1, 0: slot 0 holds 7, slot 1 holds 6.
        #expect(queue.entries == [7, 6])
    }
}
