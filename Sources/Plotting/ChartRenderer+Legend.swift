extension ChartRenderer {
    /// Draws the legend inside a corner of `plot` (see `LegendPosition`) and returns its box:
    /// a white box with a grey border, one row per series (a short stretch of its line, its
    /// marker when the series has markers, its name), as many rows as fit, the last saying
    /// `+N more` when some do not. Nil when no legend is drawn.
    static func drawLegend(_ chart: Chart, on canvas: inout Canvas, plot: PixelRect, styles: [SeriesStyle], marked: [Bool],
                           points: [[Point]], scale s: Int, lineWidth: Double, markerRadius: Double) -> PixelRect? {
        var position = chart.legend
        if position == .auto && chart.series.count == 1 { position = .none }
        guard position != .none else { return nil }

        let inset = 4 * s, padding = 4 * s, rowHeight = BitmapFont.cellHeight * s + 3 * s
        let sampleLength = 20 * s, sampleGap = 4 * s
        let maxRows = max(1, (plot.height - 2 * inset - 2 * padding + 3 * s) / rowHeight)
        var names = chart.series.map(\.name)
        var rows = names.indices.map { Optional($0) }
        if names.count > maxRows {
            rows = Array(rows.prefix(maxRows - 1)) + [nil]
            names = Array(names.prefix(maxRows - 1)) + ["+\(chart.series.count - (maxRows - 1)) more"]
        }
        let textRoom = max(BitmapFont.advance * s * 4, plot.width / 2 - sampleLength - sampleGap - 2 * padding)
        names = names.map { fitted($0, width: textRoom, scale: s) }
        let textWidth = names.map { BitmapFont.size(of: $0, scale: s).width }.max() ?? 0
        let width = padding + sampleLength + sampleGap + textWidth + padding
        let height = padding + rows.count * rowHeight - 3 * s + padding

        func box(_ corner: LegendPosition) -> PixelRect {
            let leftX = plot.x + inset, rightX = plot.maxX - inset - width
            let topY = plot.y + inset, bottomY = plot.maxY - inset - height
            switch corner {
            case .upperLeft: return PixelRect(x: leftX, y: topY, width: width, height: height)
            case .lowerLeft: return PixelRect(x: leftX, y: bottomY, width: width, height: height)
            case .lowerRight: return PixelRect(x: rightX, y: bottomY, width: width, height: height)
            default: return PixelRect(x: rightX, y: topY, width: width, height: height)
            }
        }
        let rect: PixelRect
        if position == .auto {
            let corners: [LegendPosition] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight]
            let counts = corners.map { samplesInside(box($0).insetBy(-2 * s), points) }
            rect = box(corners[counts.indices.min { counts[$0] < counts[$1] }!])
        } else {
            rect = box(position)
        }

        canvas.fill(rect, .white)
        canvas.outline(rect, RGB(0.7, 0.7, 0.7))
        for (row, (series, name)) in zip(rows, names).enumerated() {
            let top = rect.y + padding + row * rowHeight
            let textX = rect.x + padding + sampleLength + sampleGap
            if let series {
                let style = styles[series]
                let middle = Double(top) + Double(BitmapFont.bodyHeight * s) / 2
                let start = Double(rect.x + padding), end = start + Double(sampleLength)
                canvas.strokePolyline([Point(start, middle), Point(end, middle)], color: style.color, width: lineWidth,
                                      dash: style.dash.map { $0 * lineWidth }, clip: rect)
                if marked[series] {
                    canvas.fillMarker(style.marker, at: Point((start + end) / 2, middle), radius: markerRadius, color: style.color, clip: rect)
                }
            }
            canvas.drawText(name, x: textX, y: top, scale: s, color: textColor)
        }
        return rect
    }

    /// How many points along the lines (sampled every 2 pixels, markers included) fall in `rect`.
    static func samplesInside(_ rect: PixelRect, _ series: [[Point]]) -> Int {
        let x0 = Double(rect.x), x1 = Double(rect.maxX), y0 = Double(rect.y), y1 = Double(rect.maxY)
        func inside(_ p: Point) -> Bool { p.x >= x0 && p.x < x1 && p.y >= y0 && p.y < y1 }
        var count = 0
        for points in series {
            for p in points where inside(p) { count += 4 }
            for (a, b) in zip(points, points.dropFirst()) {
                let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                guard length.isFinite else { continue }
                let steps = min(4000, Int(length / 2))
                guard steps > 0 else { continue }
                for k in 1...steps {
                    let t = Double(k) / Double(steps + 1)
                    if inside(Point(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))) { count += 1 }
                }
            }
        }
        return count
    }
}
