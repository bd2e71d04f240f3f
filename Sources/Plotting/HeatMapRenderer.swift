import TensorCore

/// Draws a `HeatMapChart`: every pixel of the plot area takes the viridis colour of its grid
/// cell's sample, scaled from the smallest finite sample (dark) to the largest (yellow); the
/// points on top with a white rim; the frame, ticks and labels; a colour bar on the right with
/// the two ends' values.
public enum HeatMapRenderer {
    /// Colour of cells whose sample is not finite.
    public static let missingColor = RGB(0.6, 0.6, 0.6)

    /// - Throws: `PlotError.noPoints` when no sample is finite, `.invalidLimits` for an empty
    ///   range, `.tooSmall`.
    public static func render(_ chart: HeatMapChart) throws -> RenderedChart {
        guard let range = chart.valueRange else { throw PlotError.noPoints(series: "values") }
        for (name, r) in [("x", chart.xRange), ("y", chart.yRange)] where !(r.lower < r.upper && r.lower.isFinite && r.upper.isFinite) {
            throw PlotError.invalidLimits(axis: name, detail: "the grid's range \(r.lower)...\(r.upper) is empty")
        }
        let s = ChartFrame.fontScale(width: chart.width, height: chart.height)
        let labels = [barLabel(range.upper), barLabel(range.lower), chart.valueLabel ?? ""]
        let barWidth = 12 * s, labelWidth = labels.map { BitmapFont.size(of: $0, scale: s).width }.max() ?? 0
        let frame = try ChartFrame.layout(
            title: chart.title, x: AxisOptions(min: chart.xRange.lower, max: chart.xRange.upper, label: chart.xLabel ?? ""),
            y: AxisOptions(min: chart.yRange.lower, max: chart.yRange.upper, label: chart.yLabel ?? ""),
            width: chart.width, height: chart.height, dataX: (chart.xRange.lower, chart.xRange.upper),
            dataY: (chart.yRange.lower, chart.yRange.upper), legendWidth: barWidth + labelWidth + 8 * s)
        let plot = frame.plotRect
        var canvas = Canvas(width: chart.width, height: chart.height)
        let span = range.upper - range.lower
        func color(_ value: Double) -> RGB {
            guard value.isFinite else { return missingColor }
            return Viridis.color(span > 0 ? (value - range.lower) / span : 0.5)
        }
        for py in plot.y..<plot.maxY {
            for px in plot.x..<plot.maxX {
                // The data point at the pixel's centre.
                let fx = (Double(px - plot.x) + 0.5) / Double(plot.width), fy = (Double(plot.maxY - py) - 0.5) / Double(plot.height)
                let x = chart.xRange.lower + fx * (chart.xRange.upper - chart.xRange.lower)
                let y = chart.yRange.lower + fy * (chart.yRange.upper - chart.yRange.lower)
                guard let cell = chart.cell(x: x, y: y) else { continue }
                canvas.blend(x: px, y: py, color(chart.values[cell.row * chart.columns + cell.column]))
            }
        }
        var warnings: [String] = []
        if let points = chart.points {
            let radius = 1 + Double(s)
            var outside = 0
            for i in 0..<points.count {
                let p = frame.position(x: points.x[i], y: points.y[i])
                guard plot.contains(x: Int(p.x.rounded(.down)), y: Int(p.y.rounded(.down))) else { outside += 1; continue }
                let fill = points.classes.map { ClassPalette.color(of: $0[i]) } ?? ScatterRenderer.unlabelledColor
                canvas.fillMarker(.circle, at: p, radius: radius + 0.75, color: .white, clip: plot)
                canvas.fillMarker(.circle, at: p, radius: radius, color: fill, clip: plot)
            }
            if outside > 0 { warnings.append("\(outside) of \(points.count) points lie outside the grid and are not drawn") }
        }
        frame.drawDecorations(on: &canvas)
        // The colour bar: the largest value at the top, beside it the two ends' values.
        let bar = PixelRect(x: plot.maxX + 6 * s, y: plot.y, width: barWidth, height: plot.height)
        for row in 0..<bar.height {
            canvas.fill(PixelRect(x: bar.x, y: bar.y + row, width: bar.width, height: 1),
                        Viridis.color(1 - (Double(row) + 0.5) / Double(bar.height)))
        }
        canvas.outline(bar.insetBy(-1), ChartFrame.frameColor)
        let textX = bar.maxX + 3 * s
        canvas.drawText(labels[0], x: textX, y: bar.y, scale: s, color: ChartFrame.textColor)
        canvas.drawText(labels[1], x: textX, y: bar.maxY - BitmapFont.cellHeight * s, scale: s, color: ChartFrame.textColor)
        if !labels[2].isEmpty {
            canvas.drawText(labels[2], x: textX, y: bar.y + bar.height / 2 - BitmapFont.cellHeight * s / 2, scale: s, color: ChartFrame.textColor)
        }
        return RenderedChart(image: canvas.image, plotRect: plot, legendRect: bar, xAxis: frame.xAxis, yAxis: frame.yAxis,
                             styles: [], warnings: warnings, fontScale: s)
    }

    /// A value as the colour bar prints it: 4 significant digits.
    static func barLabel(_ value: Double) -> String { format(value == 0 ? 0 : value, "%.4g") }
}
