/// The shape of the marker drawn at each data point.
public enum MarkerShape: Sendable, CaseIterable {
    case circle, square, triangle, diamond

    /// True when `(dx, dy)` (offset from the centre, y down) is inside the shape of size `r`.
    func contains(_ dx: Double, _ dy: Double, radius r: Double) -> Bool {
        switch self {
        case .circle:
            return dx * dx + dy * dy <= r * r
        case .square:
            return abs(dx) <= 0.85 * r && abs(dy) <= 0.85 * r
        case .diamond:
            return abs(dx) + abs(dy) <= 1.2 * r
        case .triangle:
            // Pointing up: apex (0, -1.15r), base at y = 0.75r from -r to r.
            let apex = -1.15 * r, base = 0.75 * r
            guard dy <= base, dy >= apex else { return false }
            return abs(dx) <= r * (dy - apex) / (base - apex)
        }
    }
}

extension Canvas {
    /// A filled marker centred on `center`, about `2 * radius` pixels across, anti-aliased by
    /// 4x4 supersampling, drawn only inside `clip`.
    public mutating func fillMarker(_ shape: MarkerShape, at center: Point, radius: Double, color: RGB, clip: PixelRect) {
        guard center.isFinite, radius > 0 else { return }
        let area = clip.intersection(bounds)
        let reach = 1.2 * radius + 1
        guard center.x + reach >= Double(area.x), center.x - reach <= Double(area.maxX),
              center.y + reach >= Double(area.y), center.y - reach <= Double(area.maxY) else { return }
        let x0 = max(area.x, Int((center.x - reach).rounded(.down))), x1 = min(area.maxX - 1, Int((center.x + reach).rounded(.up)))
        let y0 = max(area.y, Int((center.y - reach).rounded(.down))), y1 = min(area.maxY - 1, Int((center.y + reach).rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                var inside = 0
                for sy in 0..<4 {
                    for sx in 0..<4 {
                        let px = Double(x) + (Double(sx) + 0.5) / 4 - center.x
                        let py = Double(y) + (Double(sy) + 0.5) / 4 - center.y
                        if shape.contains(px, py, radius: radius) { inside += 1 }
                    }
                }
                if inside > 0 { blend(x: x, y: y, color, alpha: Float(inside) / 16) }
            }
        }
    }
}
