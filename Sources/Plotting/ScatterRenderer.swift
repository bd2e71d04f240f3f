#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ImageIO

/// Lays out and draws a `ScatterChart` in three layers over the `ChartFrame`'s grid: the 1-σ
/// ellipses (all fills, faint, then all edges, thin, so hundreds of overlapping balls stay
/// readable), the prior's dashed circles, then the points with a white rim on top; then the
/// frame, ticks, labels and the legend.
///
/// Unset limits take in every point and its ellipse (and the prior's 2-σ circle).
public enum ScatterRenderer {
    /// Opacity of an ellipse's fill and of its one-pixel edge.
    public static let fillAlpha: Float = 0.10
    public static let edgeAlpha: Float = 0.55
    /// The prior's 1-σ and 2-σ circles.
    static let priorColors = [RGB(0.2, 0.2, 0.2), RGB(0.45, 0.45, 0.45)]
    /// Colour of the points when there are no classes.
    public static let unlabelledColor = ClassPalette.colors[0]

    /// Draws `chart`; `RenderedChart.styles` is empty, its warnings name points outside
    /// explicit limits and classes that share a colour.
    /// - Throws: `PlotError` (no points, limits leaving out everything, too small a picture).
    public static func render(_ chart: ScatterChart) throws -> RenderedChart {
        let data = chart.data
        try ChartFrame.checkSize(width: chart.width, height: chart.height)
        guard data.count > 0 else { throw PlotError.noPoints(series: "points") }

        let (dataX, dataY) = extent(chart)
        let s = ChartFrame.fontScale(width: chart.width, height: chart.height)
        let lineWidth = 1 + 0.5 * Double(s)
        let priorDash = [5 * lineWidth, 3 * lineWidth]
        let (entries, classWarnings) = legendEntries(chart, priorDash: priorDash)
        var warnings = classWarnings
        var xOptions = chart.x, yOptions = chart.y
        xOptions.scale = .linear
        yOptions.scale = .linear
        let frame = try ChartFrame.layout(title: chart.title, x: xOptions, y: yOptions, width: chart.width, height: chart.height,
                                          dataX: dataX, dataY: dataY,
                                          legendWidth: chart.legend == .right ? Legend.widthBeside(entries, scale: s) : 0)
        let plot = frame.plotRect
        var canvas = Canvas(width: chart.width, height: chart.height)
        frame.drawGrid(on: &canvas)

        let centers = (0..<data.count).map { frame.position(x: data.x[$0], y: data.y[$0]) }
        let colors = data.classes.map { $0.map(ClassPalette.color) } ?? Array(repeating: unlabelledColor, count: data.count)
        if let spreadX = data.spreadX, let spreadY = data.spreadY {
            let perX = Double(plot.width) / (frame.xAxis.upper - frame.xAxis.lower)
            let perY = Double(plot.height) / (frame.yAxis.upper - frame.yAxis.lower)
            for i in 0..<data.count {
                canvas.fillEllipse(center: centers[i], radiusX: spreadX[i] * perX, radiusY: spreadY[i] * perY,
                                   color: colors[i], alpha: fillAlpha, clip: plot)
            }
            for i in 0..<data.count {
                canvas.strokeEllipse(center: centers[i], radiusX: spreadX[i] * perX, radiusY: spreadY[i] * perY,
                                     color: colors[i], width: 1, alpha: edgeAlpha, clip: plot)
            }
        }
        if chart.prior {
            for (radius, color) in zip([1.0, 2.0], priorColors) {
                let circle = (0...360).map { degree -> Point in
                    let angle = Double(degree) * Double.pi / 180
                    return frame.position(x: radius * cos(angle), y: radius * sin(angle))
                }
                canvas.strokePolyline(circle, color: color, width: lineWidth, dash: priorDash, clip: plot)
            }
        }
        let pointRadius = 1 + Double(s)
        var outside = 0
        for i in 0..<data.count {
            let p = centers[i]
            guard p.x >= Double(plot.x), p.x <= Double(plot.maxX), p.y >= Double(plot.y), p.y <= Double(plot.maxY) else {
                outside += 1
                continue
            }
            canvas.fillMarker(.circle, at: p, radius: pointRadius + 0.75, color: .white, clip: plot)
            canvas.fillMarker(.circle, at: p, radius: pointRadius, color: colors[i], clip: plot)
        }
        frame.drawDecorations(on: &canvas)

        if outside > 0 {
            warnings.append("\(outside) of \(data.count) points lie outside the axis limits and are not drawn")
        }
        let legend = Legend.draw(entries, at: chart.legend, on: &canvas, plot: plot, scale: s, lineWidth: lineWidth,
                                 markerRadius: pointRadius) { box in
            let wider = box.insetBy(-2 * s)
            return centers.filter { wider.contains(x: Int($0.x.rounded(.down)), y: Int($0.y.rounded(.down))) }.count
        }
        return RenderedChart(image: canvas.image, plotRect: plot, legendRect: legend, xAxis: frame.xAxis, yAxis: frame.yAxis,
                             styles: [], warnings: warnings, fontScale: s)
    }

    /// The ranges the axes must show: every point with its ellipse, and the prior's 2-sd circle.
    static func extent(_ chart: ScatterChart) -> (x: (Double, Double), y: (Double, Double)) {
        let data = chart.data
        var x = (Double.infinity, -Double.infinity), y = (Double.infinity, -Double.infinity)
        for i in 0..<data.count {
            let sx = data.spreadX?[i] ?? 0, sy = data.spreadY?[i] ?? 0
            x = (min(x.0, data.x[i] - sx), max(x.1, data.x[i] + sx))
            y = (min(y.0, data.y[i] - sy), max(y.1, data.y[i] + sy))
        }
        if chart.prior {
            x = (min(x.0, -2), max(x.1, 2))
            y = (min(y.0, -2), max(y.1, 2))
        }
        return (x, y)
    }

    /// One legend row per class present, in increasing order, then the prior's when drawn; a
    /// warning when two classes present share a colour.
    static func legendEntries(_ chart: ScatterChart, priorDash: [Double]) -> (entries: [LegendEntry], warnings: [String]) {
        var entries: [LegendEntry] = [], warnings: [String] = []
        if let classes = chart.data.classes {
            let distinct = Set(classes).sorted()
            entries = distinct.map { LegendEntry(name: String($0), sample: .dot(color: ClassPalette.color(of: $0))) }
            let count = ClassPalette.colors.count
            if Set(distinct.map { ($0 % count + count) % count }).count < distinct.count {
                warnings.append("\(distinct.count) classes share \(count) colours (a class's colour is its label mod \(count))")
            }
        }
        if chart.prior {
            entries.append(LegendEntry(name: "N(0,I) 1 and 2 sd", sample: .line(color: priorColors[0], dash: priorDash, marker: nil)))
        }
        return (entries, warnings)
    }
}
