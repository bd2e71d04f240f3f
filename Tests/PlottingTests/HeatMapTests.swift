import Foundation
import ImageIO
import Testing
import TensorCore
@testable import Plotting

/// The heat map: viridis' colours, every pixel coloured by the sample of the grid cell under
/// it (the mapping computed here), missing samples grey, points on top, the colour bar.
struct HeatMapTests {
    func color(_ image: Image, _ x: Int, _ y: Int) -> RGB { RGB(image[y, x, 0], image[y, x, 1], image[y, x, 2]) }

    @Test func viridisEndsAndInterpolation() {
        #expect(Viridis.color(0).distance(to: RGB(hex: 0x440154)) < 1e-6)
        #expect(Viridis.color(1).distance(to: RGB(hex: 0xFDE725)) < 1e-6)
        #expect(Viridis.color(0.5).distance(to: RGB(hex: 0x21918C)) < 1e-6)
        let between = Viridis.color(0.05), a = RGB(hex: 0x440154), b = RGB(hex: 0x482475)
        #expect(between.distance(to: RGB((a.r + b.r) / 2, (a.g + b.g) / 2, (a.b + b.b) / 2)) < 1e-6)
        #expect(Viridis.color(-3) == Viridis.color(0) && Viridis.color(7) == Viridis.color(1) && Viridis.color(.nan) == Viridis.color(0))
    }

    /// v(x, y) = x + 10·y on a 4×5 grid over [−1, 1]×[0, 2]: each probed pixel has the colour of
    /// the cell its data point falls in, the cells found by arithmetic written here.
    @Test func everyPixelTakesItsCellsColour() throws {
        let rows = 4, columns = 5
        var values = [Double](repeating: 0, count: rows * columns)
        for r in 0..<rows { for c in 0..<columns { values[r * columns + c] = Double(c) + 10 * Double(r) } }
        values[2 * columns + 3] = .nan
        let chart = HeatMapChart(values: values, rows: rows, columns: columns, xRange: (-1, 1), yRange: (0, 2), width: 640, height: 480)
        let rendered = try HeatMapRenderer.render(chart)
        let plot = rendered.plotRect, image = rendered.image
        #expect(rendered.xAxis.lower == -1 && rendered.xAxis.upper == 1 && rendered.yAxis.lower == 0 && rendered.yAxis.upper == 2)
        for (fx, fy) in [(0.05, 0.05), (0.5, 0.3), (0.93, 0.61), (0.3, 0.95), (0.7, 0.6)] {
            let px = plot.x + Int(fx * Double(plot.width)), py = plot.maxY - 1 - Int(fy * Double(plot.height))
            // The cell of the pixel's centre, from the fractions of the plot area.
            let cx = (Double(px - plot.x) + 0.5) / Double(plot.width), cy = (Double(plot.maxY - py) - 0.5) / Double(plot.height)
            let column = min(Int(cx * Double(columns)), columns - 1), row = min(Int(cy * Double(rows)), rows - 1)
            let value = Double(column) + 10 * Double(row)
            let expected = row == 2 && column == 3 ? HeatMapRenderer.missingColor : Viridis.color(value / 34)
            #expect(color(image, px, py).distance(to: expected) < 2e-3, "pixel (\(px), \(py)) cell (\(row), \(column))")
        }
        // The colour bar: yellow at the top, dark violet at the bottom, right of the plot.
        let bar = try #require(rendered.legendRect)
        #expect(bar.x > plot.maxX)
        #expect(color(image, bar.x + bar.width / 2, bar.y + 1).distance(to: Viridis.color(1)) < 0.02)
        #expect(color(image, bar.x + bar.width / 2, bar.maxY - 2).distance(to: Viridis.color(0)) < 0.02)
    }

    @Test func pointsAreDrawnOverTheMapInTheirClassColour() throws {
        let points = ScatterData(x: [-0.5, 0.5], y: [0.5, 1.5], classes: [1, 4])
        let chart = HeatMapChart(values: [0, 1, 2, 3], rows: 2, columns: 2, xRange: (-1, 1), yRange: (0, 2), points: points)
        let rendered = try HeatMapRenderer.render(chart)
        let plot = rendered.plotRect
        for i in 0..<2 {
            let column = Double(plot.x) + (points.x[i] + 1) / 2 * Double(plot.width)
            let row = Double(plot.maxY) - points.y[i] / 2 * Double(plot.height)
            #expect(color(rendered.image, Int(column), Int(row)).distance(to: ClassPalette.color(of: points.classes![i])) < 1e-3)
        }
        #expect(rendered.warnings.isEmpty)
        let outside = HeatMapChart(values: [0, 1, 2, 3], rows: 2, columns: 2, xRange: (-1, 1), yRange: (0, 2),
                                   points: ScatterData(x: [5], y: [0.5]))
        #expect(try HeatMapRenderer.render(outside).warnings == ["1 of 1 points lie outside the grid and are not drawn"])
    }

    @Test func nothingFiniteOrAnEmptyRangeIsRefused() {
        #expect(throws: PlotError.noPoints(series: "values")) {
            try HeatMapRenderer.render(HeatMapChart(values: [.nan, .infinity], rows: 1, columns: 2, xRange: (0, 1), yRange: (0, 1)))
        }
        #expect(throws: PlotError.self) {
            try HeatMapRenderer.render(HeatMapChart(values: [1, 2], rows: 1, columns: 2, xRange: (1, 1), yRange: (0, 1)))
        }
    }

    /// vmin/vmax: samples beyond the limits take the end colours, those between are scaled
    /// between the limits.
    @Test func valueLimitsClampTheColours() throws {
        let chart = HeatMapChart(values: [0, 5, 10, 100], rows: 1, columns: 4, xRange: (0, 4), yRange: (0, 1), valueLimits: (5, 10))
        let rendered = try HeatMapRenderer.render(chart)
        let plot = rendered.plotRect, row = plot.y + plot.height / 2
        let expected = [Viridis.color(0), Viridis.color(0), Viridis.color(1), Viridis.color(1)]
        for cell in 0..<4 {
            let px = plot.x + Int((Double(cell) + 0.5) / 4 * Double(plot.width))
            #expect(color(rendered.image, px, row).distance(to: expected[cell]) < 2e-3, "cell \(cell)")
        }
    }
}
