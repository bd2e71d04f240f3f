/// A point in the canvas's continuous coordinates (pixel `(i, j)` is `[i, i+1) x [j, j+1)`).
public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
    public var isFinite: Bool { x.isFinite && y.isFinite }
}

extension Canvas {
    /// Draws an anti-aliased polyline `width` pixels wide with round joins and caps, only inside
    /// `clip`.
    ///
    /// Each pixel's coverage is `clamp(width/2 + 0.5 - d, 0, 1)` where `d` is the distance from
    /// its centre to the nearest segment; coverage is the maximum over the segments (so joins
    /// are not drawn twice), then the colour is blended once at that opacity. `dash` is an
    /// on/off pattern of lengths in pixels measured along the line (empty: solid). Segments
    /// with a non-finite end are skipped, which breaks the line there. Cost: the pixels within
    /// `width/2 + 1` of each segment, visited row by row.
    public mutating func strokePolyline(_ points: [Point], color: RGB, width lineWidth: Double, dash: [Double] = [], clip: PixelRect) {
        let area = clip.intersection(bounds)
        guard !area.isEmpty, !points.isEmpty, lineWidth > 0 else { return }
        let halfWidth = lineWidth / 2
        let reach = halfWidth + 0.5
        var coverage = [Float](repeating: 0, count: area.width * area.height)
        var touched = (minX: Int.max, minY: Int.max, maxX: Int.min, maxY: Int.min)
        let period = dash.reduce(0, +)
        let dashed = dash.count >= 2 && period > 0
        var travelled = 0.0

        func visit(_ p0: Point, _ p1: Point, along start: Double) {
            let dx = p1.x - p0.x, dy = p1.y - p0.y
            let length2 = dx * dx + dy * dy
            let length = length2.squareRoot()
            let top = max(Double(area.y), min(p0.y, p1.y) - reach)
            let bottom = min(Double(area.maxY), max(p0.y, p1.y) + reach)
            guard top < bottom, max(p0.x, p1.x) + reach >= Double(area.x), min(p0.x, p1.x) - reach <= Double(area.maxX) else { return }
            let firstRow = max(area.y, Int((top - 0.5).rounded(.up)))
            let lastRow = min(area.maxY - 1, Int((bottom - 0.5).rounded(.down)))
            guard firstRow <= lastRow else { return }
            for row in firstRow...lastRow {
                let cy = Double(row) + 0.5
                // The columns within `reach` of the part of the segment within `reach` of this row.
                var low = 0.0, high = 1.0
                if abs(dy) > 1e-12 {
                    let a = (cy - reach - p0.y) / dy, b = (cy + reach - p0.y) / dy
                    low = max(0, min(a, b))
                    high = min(1, max(a, b))
                    if low > high { continue }
                }
                let xa = p0.x + low * dx, xb = p0.x + high * dx
                let left = max(Double(area.x), min(xa, xb) - reach), right = min(Double(area.maxX), max(xa, xb) + reach)
                guard left < right else { continue }
                let firstColumn = max(area.x, Int((left - 0.5).rounded(.up)))
                let lastColumn = min(area.maxX - 1, Int((right - 0.5).rounded(.down)))
                guard firstColumn <= lastColumn else { continue }
                for column in firstColumn...lastColumn {
                    let cx = Double(column) + 0.5
                    var t = length2 > 0 ? ((cx - p0.x) * dx + (cy - p0.y) * dy) / length2 : 0
                    t = min(1, max(0, t))
                    let ex = p0.x + t * dx - cx, ey = p0.y + t * dy - cy
                    var value = min(1, max(0, reach - (ex * ex + ey * ey).squareRoot()))
                    guard value > 0 else { continue }
                    if dashed { value *= dashCoverage(start + t * length, dash, period) }
                    guard value > 0 else { continue }
                    let index = (row - area.y) * area.width + (column - area.x)
                    if Float(value) > coverage[index] {
                        coverage[index] = Float(value)
                        touched = (min(touched.minX, column), min(touched.minY, row), max(touched.maxX, column), max(touched.maxY, row))
                    }
                }
            }
        }

        if points.count == 1 {
            if points[0].isFinite { visit(points[0], points[0], along: 0) }
        } else {
            for i in 1..<points.count {
                let p0 = points[i - 1], p1 = points[i]
                guard p0.isFinite, p1.isFinite else { continue }
                visit(p0, p1, along: travelled)
                let step = ((p1.x - p0.x) * (p1.x - p0.x) + (p1.y - p0.y) * (p1.y - p0.y)).squareRoot()
                if step.isFinite { travelled += step }
            }
        }
        guard touched.minX <= touched.maxX else { return }
        for row in touched.minY...touched.maxY {
            for column in touched.minX...touched.maxX {
                let value = coverage[(row - area.y) * area.width + (column - area.x)]
                if value > 0 { blend(x: column, y: row, color, alpha: value) }
            }
        }
    }

    /// 1 inside an "on" stretch of the dash pattern, 0 in a gap, with a one-pixel soft edge.
    private func dashCoverage(_ position: Double, _ dash: [Double], _ period: Double) -> Double {
        var phase = position.truncatingRemainder(dividingBy: period)
        if phase < 0 { phase += period }
        var start = 0.0
        for (k, length) in dash.enumerated() {
            let end = start + length
            if phase < end {
                guard k % 2 == 0 else { return 0 }
                return min(1, max(0, min(phase - start, end - phase) + 0.5))
            }
            start = end
        }
        return 0
    }
}
