extension Canvas {
    /// Fills the axis-aligned ellipse centred on `center` with semi-axes `radiusX` across and
    /// `radiusY` down (pixels), at opacity `alpha`, only inside `clip`. Anti-aliased: a pixel's
    /// coverage is `clamp(0.5 - d, 0, 1)` with `d` the signed distance (negative inside) from
    /// its centre to the edge, to first order (see `forEachEllipseDistance`).
    public mutating func fillEllipse(center: Point, radiusX: Double, radiusY: Double, color: RGB, alpha: Float, clip: PixelRect) {
        forEachEllipseDistance(center: center, radiusX: radiusX, radiusY: radiusY, reach: 1, clip: clip) { x, y, distance in
            let coverage = Float(min(1, max(0, 0.5 - distance)))
            if coverage > 0 { blend(x: x, y: y, color, alpha: alpha * coverage) }
        }
    }

    /// Strokes the edge of the same ellipse `width` pixels wide at opacity `alpha`: coverage
    /// `clamp(width/2 + 0.5 - |d|, 0, 1)`.
    public mutating func strokeEllipse(center: Point, radiusX: Double, radiusY: Double, color: RGB, width: Double, alpha: Float,
                                       clip: PixelRect) {
        let half = width / 2
        forEachEllipseDistance(center: center, radiusX: radiusX, radiusY: radiusY, reach: half + 1, clip: clip) { x, y, distance in
            let coverage = Float(min(1, max(0, half + 0.5 - abs(distance))))
            if coverage > 0 { blend(x: x, y: y, color, alpha: alpha * coverage) }
        }
    }

    /// Calls `body` for each pixel of `clip` within `reach` of the ellipse's bounding box with
    /// the signed distance from the pixel centre to the edge, `(r - 1) / |∇r|` where
    /// `r = √((dx/rx)² + (dy/ry)²)`: exact on a circle, first order elsewhere. Radii below
    /// 1/1000 of a pixel count as 1/1000 (a needle stays visible); a non-finite centre or
    /// radius draws nothing. Cost: the pixels of the clipped box.
    private func forEachEllipseDistance(center: Point, radiusX: Double, radiusY: Double, reach: Double, clip: PixelRect,
                                        _ body: (Int, Int, Double) -> Void) {
        guard center.isFinite, radiusX.isFinite, radiusY.isFinite, radiusX >= 0, radiusY >= 0 else { return }
        let rx = max(radiusX, 1e-3), ry = max(radiusY, 1e-3)
        let area = clip.intersection(bounds)
        let left = max(Double(area.x), center.x - rx - reach), right = min(Double(area.maxX), center.x + rx + reach)
        let top = max(Double(area.y), center.y - ry - reach), bottom = min(Double(area.maxY), center.y + ry + reach)
        guard left < right, top < bottom else { return }
        let x0 = Int(left.rounded(.down)), x1 = min(area.maxX - 1, Int(right.rounded(.up)))
        let y0 = Int(top.rounded(.down)), y1 = min(area.maxY - 1, Int(bottom.rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            let dy = Double(y) + 0.5 - center.y
            for x in x0...x1 {
                let dx = Double(x) + 0.5 - center.x
                let u = dx / rx, v = dy / ry
                let r = (u * u + v * v).squareRoot()
                let distance: Double
                if r < 1e-12 {
                    distance = -min(rx, ry)
                } else {
                    let gradient = ((dx / (rx * rx)) * (dx / (rx * rx)) + (dy / (ry * ry)) * (dy / (ry * ry))).squareRoot() / r
                    distance = (r - 1) / gradient
                }
                body(x, y, distance)
            }
        }
    }
}
