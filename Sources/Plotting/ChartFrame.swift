/// What every chart draws around its data: the title, the framed plot area, the two axes with
/// grid lines, outward ticks and tick labels, and the axis labels. `ChartRenderer` (lines) and
/// `ScatterRenderer` (points and ellipses) lay one out from their data ranges, draw the grid,
/// their data, then the decorations on top.
///
/// Text is `BitmapFont` at scale `max(1, min(width / 400, height / 250))` (2 at 800x500), the
/// title one step larger.
struct ChartFrame {
    let width: Int
    let height: Int
    /// The data area; its edges are the axes' limits, the frame is drawn one pixel outside it.
    let plotRect: PixelRect
    let xAxis: Axis
    let yAxis: Axis
    /// Every label is drawn at this multiple of the 5x7 font.
    let fontScale: Int
    /// Title and axis labels, nil when absent or empty.
    let title: String?
    let xLabel: String?
    let yLabel: String?

    static let textColor = RGB(0.13, 0.13, 0.13)
    static let frameColor = RGB(0.25, 0.25, 0.25)
    static let majorGrid = RGB(0.88, 0.88, 0.88)
    static let minorGrid = RGB(0.95, 0.95, 0.95)

    var tickLength: Int { 4 * fontScale }
    var gap: Int { 3 * fontScale }
    var pad: Int { 6 * fontScale }

    /// Where `(x, y)` falls in continuous pixel coordinates: `plotRect.x + fx * plotRect.width`
    /// across, `plotRect.maxY - fy * plotRect.height` down, `fx`, `fy` the axes' `fraction`s.
    func position(x: Double, y: Double) -> Point {
        Point(Double(plotRect.x) + xAxis.fraction(x) * Double(plotRect.width),
              Double(plotRect.maxY) - yAxis.fraction(y) * Double(plotRect.height))
    }

    /// The layout for a `width x height` picture whose data spans `dataX` and `dataY`: the
    /// margins the labels need (and `legendWidth` more on the right, for a legend beside the
    /// plot area), and axes with as many ticks as fit their labels.
    /// - Throws: `PlotError.limitsOutsideData` when explicit limits leave out all the data,
    ///   `.invalidLimits`, `.tooSmall`.
    static func layout(title: String?, x: AxisOptions, y: AxisOptions, width: Int, height: Int,
                       dataX: (Double, Double), dataY: (Double, Double), legendWidth: Int = 0) throws -> ChartFrame {
        try checkSize(width: width, height: height)
        // Explicit limits that leave out every point would draw an empty chart.
        for (options, name, data) in [(x, "x", dataX), (y, "y", dataY)] {
            let low = options.min ?? -.infinity, high = options.max ?? .infinity
            if data.1 < low || data.0 > high {
                throw PlotError.limitsOutsideData(axis: name, limits: (options.min, options.max), data: data)
            }
        }
        let s = fontScale(width: width, height: height)
        let titleScale = s + 1
        let pad = 6 * s, gap = 3 * s, tickLength = 4 * s
        let lineHeight = BitmapFont.cellHeight * s
        let title = title.flatMap { $0.isEmpty ? nil : $0 }
        let xLabel = x.label.flatMap { $0.isEmpty ? nil : $0 }
        let yLabel = y.label.flatMap { $0.isEmpty ? nil : $0 }
        let top = pad + (title.map { _ in BitmapFont.cellHeight * titleScale + pad } ?? 0) + 4 * s
        let bottomMargin = tickLength + gap + lineHeight + (xLabel.map { _ in gap + lineHeight } ?? 0) + pad
        let plotHeight = height - top - bottomMargin
        guard plotHeight >= 40 else { throw PlotError.tooSmall(width: width, height: height, minimum: "room for a 40-pixel-high plot area") }

        let yAxis = try resolve(y, name: "y", data: dataY, length: Double(plotHeight), start: max(3, min(8, plotHeight / (36 * s)))) { axis, length in
            labelledSpacingOK(axis, length: length) { _ in Double(BitmapFont.bodyHeight * s + 3 * s) }
        }
        let yLabelWidth = yAxis.ticks.compactMap(\.label).map { BitmapFont.size(of: $0, scale: s).width }.max() ?? 0
        let left = pad + (yLabel.map { _ in lineHeight + gap } ?? 0) + yLabelWidth + gap + tickLength
        let besideLegend = legendWidth > 0 ? legendWidth + 2 * pad : 0
        var right = 2 * pad + besideLegend
        var xAxis = try resolveX(x, dataX, length: Double(width - left - right), s)
        if let last = xAxis.ticks.last(where: { $0.label != nil }), let label = last.label, xAxis.fraction(last.value) > 0.9 {
            right = max(right, BitmapFont.size(of: label, scale: s).width / 2 + pad + besideLegend)
            xAxis = try resolveX(x, dataX, length: Double(width - left - right), s)
        }
        let plotWidth = width - left - right
        guard plotWidth >= 50 else { throw PlotError.tooSmall(width: width, height: height, minimum: "room for a 50-pixel-wide plot area") }
        return ChartFrame(width: width, height: height, plotRect: PixelRect(x: left, y: top, width: plotWidth, height: plotHeight),
                          xAxis: xAxis, yAxis: yAxis, fontScale: s, title: title, xLabel: xLabel, yLabel: yLabel)
    }

    /// The text scale of a `width x height` picture: `max(1, min(width / 400, height / 250))`.
    static func fontScale(width: Int, height: Int) -> Int { max(1, min(width / 400, height / 250)) }

    /// The smallest picture any chart is drawn in: 120x90 (`PlotError.tooSmall` below it).
    static func checkSize(width: Int, height: Int) throws {
        guard width >= 120, height >= 90 else { throw PlotError.tooSmall(width: width, height: height, minimum: "120x90") }
    }

    /// Grid lines at the ticks (minor ones fainter), to go under the data.
    func drawGrid(on canvas: inout Canvas) {
        let plot = plotRect
        for tick in xAxis.ticks.sorted(by: { !$0.isMajor && $1.isMajor }) {
            let column = Int(position(x: tick.value, y: yAxis.lower).x.rounded(.down))
            guard column > plot.x, column < plot.maxX else { continue }
            canvas.fill(PixelRect(x: column, y: plot.y, width: 1, height: plot.height), tick.isMajor ? Self.majorGrid : Self.minorGrid)
        }
        for tick in yAxis.ticks.sorted(by: { !$0.isMajor && $1.isMajor }) {
            let row = Int(position(x: xAxis.lower, y: tick.value).y.rounded(.down))
            guard row > plot.y, row < plot.maxY - 1 else { continue }
            canvas.fill(PixelRect(x: plot.x, y: row, width: plot.width, height: 1), tick.isMajor ? Self.majorGrid : Self.minorGrid)
        }
    }

    /// The frame, ticks and their labels, the axis labels and the title (shortened to fit), to
    /// go over the data.
    func drawDecorations(on canvas: inout Canvas) {
        let plot = plotRect, s = fontScale
        let titleScale = s + 1
        let lineHeight = BitmapFont.cellHeight * s
        canvas.outline(PixelRect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2), Self.frameColor)
        for tick in xAxis.ticks {
            let column = min(plot.maxX - 1, max(plot.x, Int(position(x: tick.value, y: yAxis.lower).x.rounded(.down))))
            let length = tick.isMajor ? tickLength : tickLength / 2
            canvas.fill(PixelRect(x: column, y: plot.maxY + 1, width: 1, height: length), Self.frameColor)
            if let label = tick.label {
                let size = BitmapFont.size(of: label, scale: s)
                canvas.drawText(label, x: column - size.width / 2, y: plot.maxY + 1 + tickLength + gap, scale: s, color: Self.textColor)
            }
        }
        for tick in yAxis.ticks {
            let row = min(plot.maxY - 1, max(plot.y, Int(position(x: xAxis.lower, y: tick.value).y.rounded(.down))))
            let length = tick.isMajor ? tickLength : tickLength / 2
            canvas.fill(PixelRect(x: plot.x - 1 - length, y: row, width: length, height: 1), Self.frameColor)
            if let label = tick.label {
                let size = BitmapFont.size(of: label, scale: s)
                canvas.drawText(label, x: plot.x - 1 - tickLength - gap - size.width, y: row - BitmapFont.bodyHeight * s / 2,
                                scale: s, color: Self.textColor)
            }
        }
        if let xLabel {
            let text = Self.fitted(xLabel, width: plot.width, scale: s)
            let size = BitmapFont.size(of: text, scale: s)
            canvas.drawText(text, x: plot.x + (plot.width - size.width) / 2, y: plot.maxY + 1 + tickLength + gap + lineHeight + gap,
                            scale: s, color: Self.textColor)
        }
        if let yLabel {
            let text = Self.fitted(yLabel, width: plot.height, scale: s)
            let length = BitmapFont.size(of: text, scale: s).width
            canvas.drawText(text, x: pad, y: plot.y + (plot.height - length) / 2, scale: s, color: Self.textColor, upright: false)
        }
        if let title {
            let text = Self.fitted(title, width: width - 2 * pad, scale: titleScale)
            let size = BitmapFont.size(of: text, scale: titleScale)
            let centred = plot.x + (plot.width - size.width) / 2
            canvas.drawText(text, x: max(pad, min(centred, width - pad - size.width)), y: pad, scale: titleScale, color: .black)
        }
    }

    /// The x axis with as many ticks as fit their labels side by side.
    static func resolveX(_ options: AxisOptions, _ data: (Double, Double), length: Double, _ s: Int) throws -> Axis {
        let spacing = Double(2 * BitmapFont.advance * s)
        return try resolve(options, name: "x", data: data, length: length, start: max(3, min(10, Int(length) / (55 * s)))) { axis, length in
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
