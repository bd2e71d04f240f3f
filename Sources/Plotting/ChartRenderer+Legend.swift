extension ChartRenderer {
    /// The legend rows of a line chart: one per series, a stretch of its line, with its
    /// marker when the series has markers.
    static func legendEntries(_ chart: Chart, styles: [SeriesStyle], marked: [Bool], lineWidth: Double) -> [LegendEntry] {
        chart.series.indices.map { index in
            LegendEntry(name: chart.series[index].name,
                        sample: .line(color: styles[index].color, dash: styles[index].dash.map { $0 * lineWidth },
                                      marker: marked[index] ? styles[index].marker : nil))
        }
    }

    /// The legend of a line chart (see `Legend.draw`): `.auto` avoids the corner covering the
    /// most line samples, and draws none for a single series (the y-axis label names it).
    static func drawLegend(_ chart: Chart, _ entries: [LegendEntry], on canvas: inout Canvas, plot: PixelRect, points: [[Point]],
                           scale s: Int, lineWidth: Double, markerRadius: Double) -> PixelRect? {
        var position = chart.legend
        if position == .auto && chart.series.count == 1 { position = .none }
        return Legend.draw(entries, at: position, on: &canvas, plot: plot, scale: s, lineWidth: lineWidth, markerRadius: markerRadius) {
            samplesInside($0.insetBy(-2 * s), points)
        }
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
