/// Where the maps `[M, H, W]` a solver returns may be non-zero: in every plane, the rows
/// `0 ..< freeRows` and the columns `0 ..< freeColumns`; every other position is held at zero.
///
/// The solvers apply it as the proximal operator of λ‖z‖₁ + indicator{z = 0 off the support}:
/// the soft threshold with an infinite threshold off the support, which gives exactly zero.
/// Tiles use it so that no map touches a pixel across the tile's circular wrap.
struct MapSupport: Sendable, Equatable {
    let height: Int
    let width: Int
    let freeRows: Int
    let freeColumns: Int

    /// Calls `body` with the runs of `range` (flat indices into `[M, H, W]`) that are all on the
    /// support (`free` true) or all off it, in order.
    func forEachRun(in range: Range<Int>, _ body: (_ run: Range<Int>, _ free: Bool) -> Void) {
        let plane = height * width
        var k = range.lowerBound
        while k < range.upperBound {
            let offset = k % plane
            let (row, column) = (offset / width, offset % width)
            let end: Int, free: Bool
            if row >= freeRows {
                (end, free) = (k - offset + plane, false)
            } else if column < freeColumns {
                (end, free) = (k - column + freeColumns, true)
            } else {
                (end, free) = (k - column + width, false)
            }
            let stop = min(end, range.upperBound)
            body(k..<stop, free)
            k = stop
        }
    }
}

extension Optional where Wrapped == MapSupport {
    /// The runs of `range`: the whole range, free, when there is no support to keep.
    func forEachRun(in range: Range<Int>, _ body: (_ run: Range<Int>, _ free: Bool) -> Void) {
        if let support = self { support.forEachRun(in: range, body) } else { body(range, true) }
    }
}
