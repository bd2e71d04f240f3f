import Foundation
import ImageIO
import Testing
import TensorCore
@testable import Plotting

/// The scatter chart's pieces: ellipses cover the pixels their equation says, the class
/// palette is tab10, points land where the axes put them in their class's colour, and the
/// frames' tensors are read and checked.
struct ScatterTests {
    func color(_ image: Image, _ x: Int, _ y: Int) -> RGB { RGB(image[y, x, 0], image[y, x, 1], image[y, x, 2]) }

    @Test func filledEllipseCoversItsInteriorAndAreaOnly() {
        var canvas = Canvas(width: 120, height: 80)
        let center = Point(60.5, 40.5), rx = 30.0, ry = 12.0
        canvas.fillEllipse(center: center, radiusX: rx, radiusY: ry, color: .black, alpha: 1, clip: canvas.bounds)
        var ink = 0.0
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let value = 1 - Double(canvas[x, y].r)
                ink += value
                let dx = (Double(x) + 0.5 - center.x) / rx, dy = (Double(y) + 0.5 - center.y) / ry
                let r = (dx * dx + dy * dy).squareRoot()
                // One pixel inside the edge is full, one pixel outside is untouched.
                if r < 1 - 1.5 / ry { #expect(value > 0.999, "(\(x), \(y)) inside") }
                if r > 1 + 1.5 / ry { #expect(value == 0, "(\(x), \(y)) outside") }
            }
        }
        // Anti-aliased coverage adds up to the area pi rx ry.
        #expect(abs(ink - Double.pi * rx * ry) / (Double.pi * rx * ry) < 0.01, "ink \(ink)")
    }

    @Test func ellipseEdgeRunsThroughTheEndsOfItsAxes() {
        var canvas = Canvas(width: 120, height: 80)
        canvas.strokeEllipse(center: Point(60, 40), radiusX: 30, radiusY: 12, color: .black, width: 1, alpha: 1, clip: canvas.bounds)
        // Pixel (89, 39) spans [89, 90) x [39, 40): the right end (90, 40) is its corner; the
        // pixels either side of it along the axis share the one-pixel line.
        for (x, y) in [(89, 39), (89, 40), (29, 39), (30, 40), (59, 27), (60, 27), (59, 52), (60, 52)] {
            #expect(canvas[x, y].r < 0.75, "edge pixel (\(x), \(y)) is \(canvas[x, y])")
        }
        for (x, y) in [(60, 40), (75, 40), (93, 40), (60, 23), (60, 56)] {
            #expect(canvas[x, y] == .white, "(\(x), \(y)) is off the edge")
        }
    }

    @Test func paletteIsTab10AndWrapsByTen() {
        let hex: [UInt32] = [0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF]
        for (label, value) in hex.enumerated() {
            let expected = RGB(Float(value >> 16) / 255, Float((value >> 8) & 0xFF) / 255, Float(value & 0xFF) / 255)
            #expect(ClassPalette.color(of: label).distance(to: expected) < 1e-6)
        }
        #expect(ClassPalette.color(of: 13) == ClassPalette.color(of: 3))
        #expect(ClassPalette.color(of: -1) == ClassPalette.color(of: 9))
    }

    /// Points of classes 3 and 7 at known data positions on fixed limits.
    func twoPointChart(legend: LegendPosition = .right, spread: Bool = false) -> ScatterChart {
        let data = ScatterData(x: [-2.5, 1], y: [1, -3], classes: [3, 7],
                               spreadX: spread ? [2, 0.5] : nil, spreadY: spread ? [1, 0.5] : nil)
        return ScatterChart(data: data, x: AxisOptions(min: -5, max: 5), y: AxisOptions(min: -4, max: 4),
                            width: 700, height: 560, legend: legend)
    }

    @Test func pointsLandWhereTheAxesPutThemInTheirClassColour() throws {
        let rendered = try ScatterRenderer.render(twoPointChart())
        let plot = rendered.plotRect, image = rendered.image
        #expect(image.width == 700 && image.height == 560)
        #expect(rendered.xAxis.lower == -5 && rendered.xAxis.upper == 5 && rendered.yAxis.lower == -4 && rendered.yAxis.upper == 4)
        for (x, y, label) in [(-2.5, 1.0, 3), (1.0, -3.0, 7)] {
            // The mapping, computed here: x from the left edge, y up from the bottom edge.
            let column = Double(plot.x) + (x + 5) / 10 * Double(plot.width)
            let row = Double(plot.maxY) - (y + 4) / 8 * Double(plot.height)
            let pixel = color(image, Int(column), Int(row))
            #expect(pixel.distance(to: ClassPalette.color(of: label)) < 1e-3, "class \(label) at (\(column), \(row)) is \(pixel)")
            // Ten pixels away there is no point: white or grid grey.
            let away = color(image, Int(column) + 10, Int(row))
            #expect(away.distance(to: ClassPalette.color(of: label)) > 0.2)
        }
        // The legend stands beside the plot area, with both classes' colours in it.
        let legend = try #require(rendered.legendRect)
        #expect(legend.x > plot.maxX)
        for label in [3, 7] {
            let found = (legend.y..<legend.maxY).contains { y in
                (legend.x..<legend.maxX).contains { x in self.color(image, x, y).distance(to: ClassPalette.color(of: label)) < 1e-3 }
            }
            #expect(found, "class \(label) is not in the legend")
        }
    }

    @Test func ellipsesHaveTheirSpreadInDataUnits() throws {
        let rendered = try ScatterRenderer.render(twoPointChart(legend: .none, spread: true))
        let plot = rendered.plotRect, image = rendered.image
        let perX = Double(plot.width) / 10, perY = Double(plot.height) / 8
        let center = (x: Double(plot.x) + 2.5 / 10 * Double(plot.width), y: Double(plot.maxY) - 5.0 / 8 * Double(plot.height))
        let tint = ClassPalette.color(of: 3)
        #expect(tint.r - tint.g > 0.5, "class 3 is red")
        func tinted(_ x: Double, _ y: Double) -> Bool {
            // Red over white (or grid grey) at the fill's opacity: red rises above green.
            let pixel = color(image, Int(x), Int(y))
            return pixel.r - pixel.g > 0.03
        }
        // Inside the 2 x 1 ellipse (well clear of the point), faintly filled; outside, nothing.
        #expect(tinted(center.x + 1.5 * perX, center.y))
        #expect(tinted(center.x, center.y - 0.7 * perY))
        #expect(!tinted(center.x + 2.3 * perX, center.y))
        #expect(!tinted(center.x, center.y - 1.3 * perY))
        #expect(!tinted(center.x + 1.5 * perX, center.y - 0.9 * perY), "a circle would reach here, the ellipse does not")
        #expect(rendered.legendRect == nil)
    }

    @Test func priorCirclesAndAutomaticLimits() throws {
        let data = ScatterData(x: [0.5], y: [0.25], classes: nil)
        let rendered = try ScatterRenderer.render(ScatterChart(data: data, width: 600, height: 600, prior: true))
        // The axes reach the 2-sd circle though the point is near the origin.
        #expect(rendered.xAxis.lower <= -2 && rendered.xAxis.upper >= 2 && rendered.yAxis.lower <= -2 && rendered.yAxis.upper >= 2)
        // The circles start "on" at angle 0: grey pixels at (1, 0) and (2, 0).
        for radius in [1.0, 2.0] {
            let p = rendered.position(x: radius, y: 0)
            let pixel = color(rendered.image, Int(p.x), Int(p.y))
            #expect(pixel.r < 0.7 && abs(pixel.r - pixel.b) < 0.02, "circle \(radius): \(pixel)")
        }
        let point = rendered.position(x: 0.5, y: 0.25)
        #expect(color(rendered.image, Int(point.x), Int(point.y)).distance(to: ScatterRenderer.unlabelledColor) < 1e-3)
        // The prior has a legend row; bare unlabelled points have none.
        #expect(rendered.legendRect != nil)
        #expect(try ScatterRenderer.render(ScatterChart(data: data)).legendRect == nil)
    }

    @Test func pointsOutsideFixedLimitsAreCountedInAWarning() throws {
        let data = ScatterData(x: [0, 9], y: [0, 0])
        let rendered = try ScatterRenderer.render(ScatterChart(data: data, x: AxisOptions(min: -1, max: 1)))
        #expect(rendered.warnings == ["1 of 2 points lie outside the axis limits and are not drawn"])
        #expect(throws: PlotError.self) { try ScatterRenderer.render(ScatterChart(data: data, x: AxisOptions(min: 20, max: 30))) }
        #expect(throws: PlotError.self) { try ScatterRenderer.render(ScatterChart(data: ScatterData(x: [], y: []))) }
    }

    @Test func thinningTakesRowsEvenly() {
        let data = ScatterData(x: (0..<10).map(Double.init), y: (0..<10).map(Double.init), classes: Array(0..<10))
        let thinned = data.thinned(to: 4)
        #expect(thinned.x == [0, 2, 5, 7] && thinned.classes == [0, 2, 5, 7])
        #expect(data.thinned(to: 10) == data)
    }

    // MARK: Frames

    func frame(_ tensors: [(String, Tensor)]) -> Frame {
        var frame = Frame()
        for (name, tensor) in tensors { frame[name] = tensor }
        return frame
    }

    @Test func framesConcatenateWithLabelsAndSigmaFromLogVariance() throws {
        let tensors = ScatterTensors(points: "mu", labels: "labels", logVariance: "logvar")
        var data = ScatterData.empty(drawing: tensors)
        let first = frame([("mu", Tensor(shape: [2, 3], floats: [1, 2, 9, 3, 4, 9])),
                           ("logvar", Tensor(shape: [2, 2], floats: [Float(log(4.0)), 0, 0, Float(log(0.25))])),
                           ("labels", Tensor(shape: [2], ints: [5, 6]))])
        let second = frame([("mu", Tensor(shape: [1, 2], floats: [-1, -2])),
                            ("logvar", Tensor(shape: [1, 2], floats: [0, 0])),
                            ("labels", Tensor(shape: [1, 1], doubles: [7]))])
        try data.append(first, number: 1, tensors: tensors)
        try data.append(second, number: 2, tensors: tensors)
        #expect(data.x == [1, 3, -1] && data.y == [2, 4, -2] && data.classes == [5, 6, 7])
        let sx = try #require(data.spreadX), sy = try #require(data.spreadY)
        for (value, expected) in zip(sx + sy, [2.0, 1, 1, 1, 0.5, 1]) { #expect(abs(value - expected) < 1e-6) }
    }

    @Test func badFramesAreRefusedWithTheFrameAndTensorNamed() {
        let tensors = ScatterTensors(points: "data", labels: "labels", standardDeviation: "sd")
        func refusal(_ items: [(String, Tensor)]) -> String? {
            var data = ScatterData.empty(drawing: tensors)
            do { try data.append(frame(items), number: 3, tensors: tensors) } catch { return "\(error)" }
            return nil
        }
        let points = ("data", Tensor(shape: [2, 2], floats: [0, 1, 2, 3]))
        let labels = ("labels", Tensor(shape: [2], ints: [0, 1]))
        let sd = ("sd", Tensor(shape: [2, 2], floats: [1, 1, 1, 1]))
        #expect(refusal([points, labels, sd]) == nil)
        let cases: [([(String, Tensor)], [String])] = [
            ([labels, sd], ["frame 3", "'data'", "'labels'", "--points"]),
            ([points, sd], ["'labels'", "--labels"]),
            ([("data", Tensor(shape: [2], floats: [0, 1])), labels, sd], ["'data'", "[2]"]),
            ([points, ("labels", Tensor(shape: [3], ints: [0, 1, 2])), sd], ["'labels'", "3 rows", "2"]),
            ([("data", Tensor(shape: [2, 2], floats: [0, .nan, 2, 3])), labels, sd], ["'data'", "row 0", "nan"]),
            ([points, ("labels", Tensor(shape: [2], floats: [0, 1.5])), sd], ["whole numbers", "row 1", "1.5"]),
            ([points, labels, ("sd", Tensor(shape: [2, 2], floats: [1, 1, -1, 1]))], [">= 0", "row 1"]),
            ([points, labels, ("sd", Tensor(shape: [1, 2], floats: [1, 1]))], ["'sd'", "1 rows"]),
        ]
        for (items, fragments) in cases {
            let message = refusal(items)
            #expect(message != nil, "accepted \(items.map(\.0))")
            for fragment in fragments { #expect(message?.contains(fragment) == true, "\(message ?? "nil") lacks \(fragment)") }
        }
        var data = ScatterData.empty(drawing: ScatterTensors(logVariance: "logvar"))
        #expect(throws: ScatterInputError.self) {
            try data.append(self.frame([points, ("logvar", Tensor(shape: [2, 2], floats: [0, 2000, 0, 0]))]), number: 1,
                            tensors: ScatterTensors(logVariance: "logvar"))
        }
    }
}
