import Testing
import VariationalCoding

/// The grid and interpolation paths vae-sample decodes.
struct LatentPathsTests {
    /// A 3 × 3 grid over [−2, 2]²: top-left (−2, 2), centre (0, 0), bottom-right (2, −2), rows
    /// falling in z₂ and columns rising in z₁.
    @Test func gridIsRowMajorFromTheTopLeft() {
        let points = LatentPaths.grid(3, range: 2)
        #expect(points.count == 18)
        let expected: [[Float]] = [[-2, 2], [0, 2], [2, 2], [-2, 0], [0, 0], [2, 0], [-2, -2], [0, -2], [2, -2]]
        let pairs: [[Float]] = (0..<9).map { [points[2 * $0], points[2 * $0 + 1]] }
        #expect(pairs == expected)
    }

    /// Three rows, 5 points a segment: 9 points, the rows themselves at 0, 4 and 8, and the
    /// quarter points on the straight line between them.
    @Test func interpolationJoinsConsecutiveRows() {
        let rows: [Float] = [0, 0, 4, 8, 4, 0]
        let points = LatentPaths.interpolation(rows, dimension: 2, count: 5)
        #expect(points.count == 18)
        let row: (Int) -> [Float] = { Array(points[(2 * $0)..<(2 * $0 + 2)]) }
        #expect(row(0) == [0, 0])
        #expect(row(4) == [4, 8])
        #expect(row(8) == [4, 0])
        #expect(row(1) == [1, 2])
        #expect(row(6) == [4, 4])
    }
}
