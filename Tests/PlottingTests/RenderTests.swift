import Foundation
import ImageIO
import Testing
import TensorCore
@testable import Plotting

/// Rendered charts checked against the layout's plot rectangle with the data-to-pixel mapping
/// computed here, independently of the renderer.
struct RenderTests {
    /// The row (of column `x`) whose colour is closest to `color`, and that distance.
    func closestRow(_ image: Image, x: Int, to color: RGB) -> (row: Int, distance: Float) {
        var best = (row: -1, distance: Float.infinity)
        for y in 0..<image.height {
            let pixel = RGB(image[y, x, 0], image[y, x, 1], image[y, x, 2])
            let d = pixel.distance(to: color)
            if d < best.distance { best = (y, d) }
        }
        return best
    }

    /// Continuous row of value `v` on a linear axis `[low, high]` drawn over `rect`.
    func expectedRow(_ v: Double, low: Double, high: Double, _ rect: PixelRect) -> Double {
        Double(rect.y) + Double(rect.height) * (1 - (v - low) / (high - low))
    }

    @Test func horizontalLineLandsOnThePredictedRowAndIsClipped() throws {
        // y = 1.3 from x = -5 to 15 over x limits [0, 10]; a steep line far beyond the y limits.
        let chart = Chart(series: [Series(name: "level", x: [-5, 15], y: [1.3, 1.3]),
                                   Series(name: "steep", x: [-20, 30], y: [-50, 80])],
                          x: AxisOptions(min: 0, max: 10), y: AxisOptions(min: 0, max: 4),
                          width: 640, height: 400, markers: .never, legend: .none)
        let rendered = try ChartRenderer.render(chart)
        let plot = rendered.plotRect, image = rendered.image
        #expect(image.width == 640 && image.height == 400)
        let predicted = expectedRow(1.3, low: 0, high: 4, plot)
        let color = SeriesStyle.palette[0]
        for x in [plot.x + 5, plot.x + plot.width / 3, plot.maxX - 6] {
            let found = closestRow(image, x: x, to: color)
            // A 1.5-pixel line covers its nearest row at least 75%.
            #expect(found.distance < 0.25, "no line colour in column \(x)")
            #expect(abs(Double(found.row) - predicted.rounded(.down)) <= 1, "line at row \(found.row), predicted \(predicted)")
        }
        // Outside the plot area everything is grey (frame, text, background): no series colour leaks.
        var leaks = 0
        for y in 0..<image.height {
            for x in 0..<image.width where !plot.contains(x: x, y: y) {
                let r = image[y, x, 0], g = image[y, x, 1], b = image[y, x, 2]
                if max(r, g, b) - min(r, g, b) > 0.02 { leaks += 1 }
            }
        }
        #expect(leaks == 0, "\(leaks) coloured pixels outside the plot area")
        // And the steep line is inside it: some pixel of the second colour exists.
        let second = SeriesStyle.palette[1]
        #expect((plot.x..<plot.maxX).contains { closestRow(image, x: $0, to: second).distance < 0.05 })
    }

    @Test func logAxisPutsTenHalfWayBetweenOneAndAHundred() throws {
        let levels: [Double] = [1, 10, 100]
        let chart = Chart(series: levels.map { Series(name: "\($0)", x: [0, 1], y: [$0, $0]) },
                          x: AxisOptions(min: 0, max: 1), y: AxisOptions(scale: .log, min: 0.3, max: 500),
                          markers: .never, legend: .none)
        let rendered = try ChartRenderer.render(chart)
        let x = rendered.plotRect.x + rendered.plotRect.width / 2
        let rows = levels.indices.map { closestRow(rendered.image, x: x, to: SeriesStyle.palette[$0]) }
        for row in rows { #expect(row.distance < 0.05) }
        #expect(abs((rows[1].row - rows[0].row) - (rows[2].row - rows[1].row)) <= 1, "rows \(rows.map(\.row))")
        #expect(rows[0].row > rows[1].row && rows[1].row > rows[2].row, "larger values are higher up")
        // Each at the row log10 predicts over [0.3, 500].
        let plot = rendered.plotRect
        for (level, row) in zip(levels, rows) {
            let f = (log10(level) - log10(0.3)) / (log10(500) - log10(0.3))
            let predicted = Double(plot.y) + Double(plot.height) * (1 - f)
            #expect(abs(Double(row.row) - predicted.rounded(.down)) <= 1)
        }
    }

    func darkPixels(_ image: Image, in rect: PixelRect) -> Int {
        var count = 0
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX where image[y, x, 0] < 0.3 && image[y, x, 1] < 0.3 && image[y, x, 2] < 0.3 { count += 1 }
        }
        return count
    }

    @Test func legendDrawsTheNamesInTheRequestedCorner() throws {
        var chart = Chart(series: [Series(name: "alpha", x: [0, 1, 2], y: [0, 1, 4]), Series(name: "beta", x: [0, 1, 2], y: [1, 1, 1])],
                          legend: .upperLeft)
        let rendered = try ChartRenderer.render(chart)
        let legend = try #require(rendered.legendRect)
        let plot = rendered.plotRect
        #expect(legend.intersection(plot) == legend, "legend inside the plot area")
        #expect(legend.x - plot.x < plot.maxX - legend.maxX && legend.y - plot.y < plot.maxY - legend.maxY, "upper left")
        // Text of 9 letters at scale 2: hundreds of dark pixels; none there without the legend.
        #expect(darkPixels(rendered.image, in: legend) > 150)
        chart.legend = .none
        let bare = try ChartRenderer.render(chart)
        #expect(bare.legendRect == nil)
        #expect(darkPixels(bare.image, in: legend) == 0)
    }

    @Test func autoLegendAvoidsTheData() throws {
        // Lines along the top of the plot only: the legend goes to a lower corner.
        let chart = Chart(series: [Series(name: "a", x: [0, 10], y: [9.5, 9.8]), Series(name: "b", x: [0, 10], y: [9.9, 9.6])],
                          y: AxisOptions(min: 0, max: 10))
        let rendered = try ChartRenderer.render(chart)
        let legend = try #require(rendered.legendRect)
        #expect(legend.y > rendered.plotRect.y + rendered.plotRect.height / 2)
        // A single series needs no legend: the y label names it.
        let single = try ChartRenderer.render(Chart(series: [chart.series[0]]))
        #expect(single.legendRect == nil)
    }

    @Test func pngHasTheRequestedSize() throws {
        for (width, height) in [(640, 360), (800, 500), (200, 150), (1500, 900)] {
            let chart = Chart(series: [Series(name: "s", y: [3, 1, 2])], title: "t", x: AxisOptions(label: "x"), y: AxisOptions(label: "y"),
                              width: width, height: height)
            let png = try encodePNG(try ChartRenderer.render(chart).image)
            let back = try readPNG(data: png, name: "chart", color: true)
            #expect(back.width == width && back.height == height && back.channels == 3)
        }
    }

    @Test func badChartsThrowInsteadOfTrapping() {
        #expect(throws: PlotError.noSeries) { try ChartRenderer.render(Chart(series: [])) }
        #expect(throws: PlotError.noPoints(series: "n")) { try ChartRenderer.render(Chart(series: [Series(name: "n", y: [.nan, .infinity])])) }
        #expect(throws: PlotError.nothingPositive(series: "z", axis: "y")) {
            try ChartRenderer.render(Chart(series: [Series(name: "z", y: [0, -1])], y: AxisOptions(scale: .log)))
        }
        #expect(throws: PlotError.self) { try ChartRenderer.render(Chart(series: [Series(name: "s", y: [1])], width: 50, height: 50)) }
    }

    @Test func logAxisLeavesOutNonPositivePointsWithAWarning() throws {
        let rendered = try ChartRenderer.render(Chart(series: [Series(name: "e", x: [0, 1, 2, 3], y: [1, 0.1, 0, 0.01])],
                                                      x: AxisOptions(scale: .log), y: AxisOptions(scale: .log)))
        #expect(rendered.warnings.count == 2)
        #expect(rendered.warnings.contains { $0.contains("1 point with x <= 0") })
        #expect(rendered.warnings.contains { $0.contains("1 point with y <= 0") })
    }

    @Test func extremeValuesDoNotTrap() throws {
        for values in [[1e300, -1e300], [Double.leastNonzeroMagnitude, 3 * Double.leastNonzeroMagnitude], [1e15, 1e15 + 1], [-0.0, 0.0]] {
            _ = try ChartRenderer.render(Chart(series: [Series(name: "s", y: values)]))
        }
        _ = try ChartRenderer.render(Chart(series: [Series(name: "s", y: [1e-300, 1e300])], y: AxisOptions(scale: .log)))
    }

    @Test func fontHasADistinctGlyphForEveryPrintableCharacter() {
        #expect(BitmapFont.glyphRows.count == 95)
        #expect(BitmapFont.bitmaps.allSatisfy { $0.count == 9 && $0.allSatisfy { $0 < 32 } })
        let inked = BitmapFont.bitmaps.dropFirst()
        #expect(inked.allSatisfy { $0.contains { $0 != 0 } }, "a printable glyph without ink")
        #expect(Set(BitmapFont.bitmaps).count == 95, "two characters share a glyph")
        #expect(BitmapFont.size(of: "abc", scale: 2) == (34, 18))
    }

    @Test func tensorSeriesFromFrames() throws {
        var frame = Frame()
        frame["loss"] = Tensor(shape: [4], floats: [4, 3, .nan, 1])
        frame["pair"] = Tensor(shape: [4, 2], doubles: [0, 10, 1, 11, 2, 12, 3, 13])
        frame["step"] = Tensor(shape: [4], ints: [10, 20, 30, 40])
        frame["image"] = Tensor(shape: [2, 2, 2], floats: [Float](repeating: 0, count: 8))
        let all = try TensorSeries.extract(from: [frame], source: "s")
        #expect(all.series.map(\.name) == ["loss", "pair[:,0]", "pair[:,1]", "step"])
        #expect(all.series[0].x == [0, 1, 3] && all.series[0].y == [4, 3, 1])
        #expect(all.series[2].y == [10, 11, 12, 13])
        #expect(all.notes.count == 1)
        let against = try TensorSeries.extract(from: [frame, frame], source: "s", x: "step", y: ["loss"])
        #expect(against.xName == "step" && against.series.map(\.name) == ["loss (frame 1)", "loss (frame 2)"])
        #expect(against.series[0].x == [10, 20, 40])
        #expect(throws: PlotInputError.self) { try TensorSeries.extract(from: [frame], source: "s", y: ["nope"]) }
        #expect(throws: PlotInputError.self) { try TensorSeries.extract(from: [frame], source: "s", y: ["image"]) }
        #expect(throws: PlotInputError.self) { try TensorSeries.extract(from: [frame], source: "s", x: "pair") }
    }
}
