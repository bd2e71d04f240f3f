import ImageIO

/// A drawn chart and where things went, so that callers (and tests) can relate pixels to data.
public struct RenderedChart: Sendable {
    /// RGB, `chart.width x chart.height`.
    public let image: Image
    /// The data area. Its left edge is `xAxis.lower`, its right edge `xAxis.upper`, its bottom
    /// edge `yAxis.lower`, its top edge `yAxis.upper` (see `position`); lines and markers are
    /// clipped to it; the frame is drawn one pixel outside it.
    public let plotRect: PixelRect
    /// The legend box, when one was drawn.
    public let legendRect: PixelRect?
    public let xAxis: Axis
    public let yAxis: Axis
    /// The style of each series, in order.
    public let styles: [SeriesStyle]
    /// Points left out (<= 0 on a log axis, non-finite), one line per series and axis.
    public let warnings: [String]
    /// Text size: every label is drawn at this multiple of the 5x7 font.
    public let fontScale: Int

    /// Where the data point `(x, y)` is drawn, in continuous pixel coordinates (pixel `(i, j)`
    /// covers `[i, i+1) x [j, j+1)`): `plotRect.x + fx * plotRect.width`,
    /// `plotRect.maxY - fy * plotRect.height`, with `fx`, `fy` the axes' `fraction`s.
    public func position(x: Double, y: Double) -> Point {
        Point(Double(plotRect.x) + xAxis.fraction(x) * Double(plotRect.width),
              Double(plotRect.maxY) - yAxis.fraction(y) * Double(plotRect.height))
    }
}

/// Lays out and draws a `Chart`: the `ChartFrame` (title, framed plot area with grid lines and
/// outward ticks, tick labels, axis labels), clipped anti-aliased lines with optional markers,
/// and a legend.
public enum ChartRenderer {
    /// Draws `chart`. Throws `PlotError` when there is nothing to draw, a series has no point
    /// that fits its axes, the limits are contradictory, or the picture is too small.
    public static func render(_ chart: Chart) throws -> RenderedChart {
        guard !chart.series.isEmpty else { throw PlotError.noSeries }
        guard chart.series.count <= Chart.maxSeries else { throw PlotError.tooManySeries(count: chart.series.count, limit: Chart.maxSeries) }
        try ChartFrame.checkSize(width: chart.width, height: chart.height)

        // The points each axis can place.
        let probeX = Axis(scale: chart.x.scale, lower: 1, upper: 10, ticks: [])
        let probeY = Axis(scale: chart.y.scale, lower: 1, upper: 10, ticks: [])
        var warnings: [String] = []
        var kept: [[(x: Double, y: Double)]] = []
        for series in chart.series {
            var points: [(x: Double, y: Double)] = []
            var finite = 0, badX = 0, badY = 0
            for (x, y) in zip(series.x, series.y) where x.isFinite && y.isFinite {
                finite += 1
                let xOK = probeX.accepts(x), yOK = probeY.accepts(y)
                if !xOK { badX += 1 }
                if !yOK { badY += 1 }
                if xOK && yOK { points.append((x, y)) }
            }
            guard finite > 0 else { throw PlotError.noPoints(series: series.name) }
            if points.isEmpty {
                throw PlotError.nothingPositive(series: series.name, axis: badY > 0 ? "y" : "x")
            }
            if finite < series.count {
                warnings.append("series '\(series.name)': \(series.count - finite) points with nan or inf left out")
            }
            for (count, axis) in [(badX, "x"), (badY, "y")] where count > 0 {
                warnings.append("series '\(series.name)': \(count) point\(count == 1 ? "" : "s") with \(axis) <= 0 left out on the log \(axis) axis")
            }
            kept.append(points)
        }
        let all = kept.joined()
        let dataX = (all.map(\.x).min()!, all.map(\.x).max()!)
        let dataY = (all.map(\.y).min()!, all.map(\.y).max()!)
        let s = ChartFrame.fontScale(width: chart.width, height: chart.height)
        let lineWidth = 1 + 0.5 * Double(s)
        let markerRadius = 1.5 + Double(s)
        let styles = chart.series.indices.map(SeriesStyle.forSeries)
        let marked = kept.map { points -> Bool in
            switch chart.markers {
            case .always: return true
            case .never: return false
            case .auto: return points.count <= MarkerMode.autoLimit
            }
        }
        let legendEntries = legendEntries(chart, styles: styles, marked: marked, lineWidth: lineWidth)
        let frame = try ChartFrame.layout(title: chart.title, x: chart.x, y: chart.y, width: chart.width, height: chart.height, dataX: dataX, dataY: dataY,
                                          legendWidth: chart.legend == .right ? Legend.widthBeside(legendEntries, scale: s) : 0)
        let plot = frame.plotRect
        var canvas = Canvas(width: chart.width, height: chart.height)
        frame.drawGrid(on: &canvas)

        // The series.
        let pixelPoints = kept.map { $0.map { frame.position(x: $0.x, y: $0.y) } }
        for (index, points) in pixelPoints.enumerated() {
            let style = styles[index]
            canvas.strokePolyline(points, color: style.color, width: lineWidth, dash: style.dash.map { $0 * lineWidth }, clip: plot)
            if marked[index] {
                for point in points { canvas.fillMarker(style.marker, at: point, radius: markerRadius, color: style.color, clip: plot) }
            }
        }

        frame.drawDecorations(on: &canvas)

        let legend = drawLegend(chart, legendEntries, on: &canvas, plot: plot, points: pixelPoints, scale: s,
                                lineWidth: lineWidth, markerRadius: markerRadius)
        return RenderedChart(image: canvas.image, plotRect: plot, legendRect: legend, xAxis: frame.xAxis, yAxis: frame.yAxis,
                             styles: styles, warnings: warnings, fontScale: s)
    }
}
