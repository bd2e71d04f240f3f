import CPUFeatures
import Dispatch

/// The number of processors this process may run on (its affinity mask, so `taskset -c 0`
/// gives 1; at least 1), read once.
public let processorCount = Int(latentpipe_available_processors())

/// Splits `0..<count` into at most `parts` contiguous ranges whose interior boundaries are
/// multiples of `granularity`, and runs `body` on each range, concurrently when there is
/// more than one. `body` must only write data belonging to its own range.
///
/// The ranges depend only on the arguments, never on timing, so work whose per-item result
/// does not depend on its neighbours is bitwise reproducible.
public func forEachRange(
    _ count: Int, parts: Int, granularity: Int = 1, _ body: (Range<Int>) -> Void
) {
    forEachPiece(count, parts: parts, granularity: granularity) { _, range in body(range) }
}

/// `forEachRange`, also telling `body` which piece (`0..<parts`) its range is, so that each
/// concurrent piece can use its own working memory.
public func forEachPiece(
    _ count: Int, parts: Int, granularity: Int = 1, _ body: (_ piece: Int, _ range: Range<Int>) -> Void
) {
    guard count > 0 else { return }
    let units = (count + granularity - 1) / granularity
    let pieces = max(1, min(parts, units))
    if pieces == 1 {
        body(0, 0..<count)
        return
    }
    withoutActuallyEscaping(body) { body in
        // The callers write disjoint ranges of their outputs, so sharing `body` (and the
        // unsafe pointers it captures) across the workers is safe; the compiler cannot see it.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            // Even split of whole units; the last range absorbs the ragged end.
            let lower = min(count, (units * piece / pieces) * granularity)
            let upper = min(count, (units * (piece + 1) / pieces) * granularity)
            if lower < upper { body(piece, lower..<upper) }
        }
    }
}
