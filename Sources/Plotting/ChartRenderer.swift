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

/// Lays out and draws a `Chart`: title, framed plot area with grid lines and outward ticks,
/// tick labels, axis labels, clipped anti-aliased lines with optional markers, and a legend.
///
/// Text is `BitmapFont` at scale `max(1, min(width / 400, height / 250))` (2 at the default
/// 800x500), the title one step larger.
public enum ChartRenderer {
    static let textColor = RGB(0.13, 0.13, 0.13)
    static let frameColor = RGB(0.25, 0.25, 0.25)
    static let majorGrid = RGB(0.88, 0.88, 0.88)
    static let minorGrid = RGB(0.95, 0.95, 0.95)

    /// Draws `chart`. Throws `PlotError` when there is nothing to draw, a series has no point
    /// that fits its axes, the limits are contradictory, or the picture is too small.
    public static func render(_ chart: Chart) throws -> RenderedChart {
        guard !chart.series.isEmpty else { throw PlotError.noSeries }
        guard chart.series.count <= Chart.maxSeries else { throw PlotError.tooManySeries(count: chart.series.count, limit: Chart.maxSeries) }
        guard chart.width >= 120, chart.height >= 90 else {
            throw PlotError.tooSmall(width: chart.width, height: chart.height, minimum: "120x90")
        }

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
        // Explicit limits that leave out every point would draw an empty chart.
        for (options, name, data) in [(chart.x, "x", dataX), (chart.y, "y", dataY)] {
            let low = options.min ?? -.infinity, high = options.max ?? .infinity
            if data.1 < low || data.0 > high {
                throw PlotError.limitsOutsideData(axis: name, limits: (options.min, options.max), data: data)
            }
        }

        // Layout, outside in.
        let s = max(1, min(chart.width / 400, chart.height / 250))
        let titleScale = s + 1
        let pad = 6 * s, gap = 3 * s, tickLength = 4 * s
        let lineHeight = BitmapFont.cellHeight * s
        let title = chart.title.flatMap { $0.isEmpty ? nil : $0 }
        let xLabel = chart.x.label.flatMap { $0.isEmpty ? nil : $0 }
        let yLabel = chart.y.label.flatMap { $0.isEmpty ? nil : $0 }
        let top = pad + (title.map { _ in BitmapFont.cellHeight * titleScale + pad } ?? 0) + 4 * s
        let bottomMargin = tickLength + gap + lineHeight + (xLabel.map { _ in gap + lineHeight } ?? 0) + pad
        let plotHeight = chart.height - top - bottomMargin
        guard plotHeight >= 40 else { throw PlotError.tooSmall(width: chart.width, height: chart.height, minimum: "room for a 40-pixel-high plot area") }

        let yAxis = try resolve(chart.y, name: "y", data: dataY, length: Double(plotHeight), start: max(3, min(8, plotHeight / (36 * s)))) { axis, length in
            labelledSpacingOK(axis, length: length) { _ in Double(BitmapFont.bodyHeight * s + 3 * s) }
        }
        let yLabelWidth = yAxis.ticks.compactMap(\.label).map { BitmapFont.size(of: $0, scale: s).width }.max() ?? 0
        let left = pad + (yLabel.map { _ in lineHeight + gap } ?? 0) + yLabelWidth + gap + tickLength
        var right = 2 * pad
        var xAxis = try resolveX(chart, dataX, length: Double(chart.width - left - right), s)
        if let last = xAxis.ticks.last(where: { $0.label != nil }), let label = last.label, xAxis.fraction(last.value) > 0.9 {
            right = max(right, BitmapFont.size(of: label, scale: s).width / 2 + pad)
            xAxis = try resolveX(chart, dataX, length: Double(chart.width - left - right), s)
        }
        let plotWidth = chart.width - left - right
        guard plotWidth >= 50 else { throw PlotError.tooSmall(width: chart.width, height: chart.height, minimum: "room for a 50-pixel-wide plot area") }
        let plot = PixelRect(x: left, y: top, width: plotWidth, height: plotHeight)

        var canvas = Canvas(width: chart.width, height: chart.height)
        let placed = RenderedChart(image: Image(width: 0, height: 0, channels: 3), plotRect: plot, legendRect: nil,
                                   xAxis: xAxis, yAxis: yAxis, styles: [], warnings: [], fontScale: s)

        // Grid lines at the ticks (minor ones fainter), under the data.
        for tick in xAxis.ticks.sorted(by: { !$0.isMajor && $1.isMajor }) {
            let column = Int(placed.position(x: tick.value, y: yAxis.lower).x.rounded(.down))
            guard column > plot.x, column < plot.maxX else { continue }
            canvas.fill(PixelRect(x: column, y: plot.y, width: 1, height: plot.height), tick.isMajor ? majorGrid : minorGrid)
        }
        for tick in yAxis.ticks.sorted(by: { !$0.isMajor && $1.isMajor }) {
            let row = Int(placed.position(x: xAxis.lower, y: tick.value).y.rounded(.down))
            guard row > plot.y, row < plot.maxY - 1 else { continue }
            canvas.fill(PixelRect(x: plot.x, y: row, width: plot.width, height: 1), tick.isMajor ? majorGrid : minorGrid)
        }

        // The series.
        let lineWidth = 1 + 0.5 * Double(s)
        let markerRadius = 1.5 + Double(s)
        let styles = chart.series.indices.map(SeriesStyle.forSeries)
        let pixelPoints = kept.map { $0.map { placed.position(x: $0.x, y: $0.y) } }
        let marked = kept.map { points -> Bool in
            switch chart.markers {
            case .always: return true
            case .never: return false
            case .auto: return points.count <= MarkerMode.autoLimit
            }
        }
        for (index, points) in pixelPoints.enumerated() {
            let style = styles[index]
            canvas.strokePolyline(points, color: style.color, width: lineWidth, dash: style.dash.map { $0 * lineWidth }, clip: plot)
            if marked[index] {
                for point in points { canvas.fillMarker(style.marker, at: point, radius: markerRadius, color: style.color, clip: plot) }
            }
        }

        // Frame, ticks and their labels.
        canvas.outline(PixelRect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2), frameColor)
        for tick in xAxis.ticks {
            let column = min(plot.maxX - 1, max(plot.x, Int(placed.position(x: tick.value, y: yAxis.lower).x.rounded(.down))))
            let length = tick.isMajor ? tickLength : tickLength / 2
            canvas.fill(PixelRect(x: column, y: plot.maxY + 1, width: 1, height: length), frameColor)
            if let label = tick.label {
                let size = BitmapFont.size(of: label, scale: s)
                canvas.drawText(label, x: column - size.width / 2, y: plot.maxY + 1 + tickLength + gap, scale: s, color: textColor)
            }
        }
        for tick in yAxis.ticks {
            let row = min(plot.maxY - 1, max(plot.y, Int(placed.position(x: xAxis.lower, y: tick.value).y.rounded(.down))))
            let length = tick.isMajor ? tickLength : tickLength / 2
            canvas.fill(PixelRect(x: plot.x - 1 - length, y: row, width: length, height: 1), frameColor)
            if let label = tick.label {
                let size = BitmapFont.size(of: label, scale: s)
                canvas.drawText(label, x: plot.x - 1 - tickLength - gap - size.width, y: row - BitmapFont.bodyHeight * s / 2,
                                scale: s, color: textColor)
            }
        }

        // Axis labels and title, shortened to fit.
        if let xLabel {
            let text = fitted(xLabel, width: plot.width, scale: s)
            let size = BitmapFont.size(of: text, scale: s)
            canvas.drawText(text, x: plot.x + (plot.width - size.width) / 2, y: plot.maxY + 1 + tickLength + gap + lineHeight + gap,
                            scale: s, color: textColor)
        }
        if let yLabel {
            let text = fitted(yLabel, width: plot.height, scale: s)
            let length = BitmapFont.size(of: text, scale: s).width
            canvas.drawText(text, x: pad, y: plot.y + (plot.height - length) / 2, scale: s, color: textColor, upright: false)
        }
        if let title {
            let text = fitted(title, width: chart.width - 2 * pad, scale: titleScale)
            let size = BitmapFont.size(of: text, scale: titleScale)
            let centred = plot.x + (plot.width - size.width) / 2
            canvas.drawText(text, x: max(pad, min(centred, chart.width - pad - size.width)), y: pad, scale: titleScale, color: .black)
        }

        let legend = drawLegend(chart, on: &canvas, plot: plot, styles: styles, marked: marked, points: pixelPoints,
                                scale: s, lineWidth: lineWidth, markerRadius: markerRadius)
        return RenderedChart(image: canvas.image, plotRect: plot, legendRect: legend, xAxis: xAxis, yAxis: yAxis,
                             styles: styles, warnings: warnings, fontScale: s)
    }

    /// The x axis with as many ticks as fit their labels side by side.
    static func resolveX(_ chart: Chart, _ data: (Double, Double), length: Double, _ s: Int) throws -> Axis {
        let spacing = Double(2 * BitmapFont.advance * s)
        return try resolve(chart.x, name: "x", data: data, length: length, start: max(3, min(10, Int(length) / (55 * s)))) { axis, length in
            labelledSpacingOK(axis, length: length) { Double(BitmapFont.size(of: $0, scale: s).width) + spacing }
        }
    }

    /// The axis with the most ticks, from `start` down, whose labels do not collide.
    static func resolve(_ options: AxisOptions, name: String, data: (Double, Double), length: Double, start: Int,
                        fits: (Axis, Double) -> Bool) throws -> Axis {
        var target = start
        while true {
            let axis = try Axis.resolve(options, name: name, data: (data.0, data.1), pixelLength: length, target: target)
            if target <= 2 || fits(axis, length) { return axis }
            target -= 1
        }
    }

    /// True when consecutive labelled ticks are at least the mean of their `extent`s apart.
    static func labelledSpacingOK(_ axis: Axis, length: Double, extent: (String) -> Double) -> Bool {
        let labelled = axis.ticks.filter { $0.label != nil }
        for (a, b) in zip(labelled, labelled.dropFirst()) {
            let distance = abs(axis.fraction(b.value) - axis.fraction(a.value)) * length
            if distance < (extent(a.label!) + extent(b.label!)) / 2 { return false }
        }
        return true
    }

    /// `text` cut with `...` to at most `width` pixels at `scale`.
    static func fitted(_ text: String, width: Int, scale: Int) -> String {
        let room = (width / scale + 1) / BitmapFont.advance
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > room else { return text }
        guard room > 3 else { return String(String.UnicodeScalarView(scalars.prefix(max(0, room)))) }
        return String(String.UnicodeScalarView(scalars.prefix(room - 3))) + "..."
    }
}
