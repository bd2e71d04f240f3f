import Foundation
import ImageIO
import Testing

/// `scatter` end to end: a hand-made stream of labelled 2-D means and log variances gives a PNG
/// of the requested size with each class's tab10 colour where its points are; bad inputs fail
/// in one line with no output file.
struct ScatterToolTests {
    /// tab10's first four colours, written out here: blue, orange, green, red.
    static let classColours: [(Float, Float, Float)] = [UInt32(0x1F77B4), 0xFF7F0E, 0x2CA02C, 0xD62728].map { (hex: UInt32) in
        let red = Float(hex >> 16) / 255, green = Float((hex >> 8) & 0xFF) / 255, blue = Float(hex & 0xFF) / 255
        return (red, green, blue)
    }

    static func i32(_ name: String, _ shape: [UInt64], _ values: [Int32]) -> HandFrame.TensorSpec {
        HandFrame.TensorSpec(name: name, dtype: 3, shape: shape, payload: values.flatMap { HandFrame.le($0) })
    }

    /// Two frames: classes 0 and 1 at (-2, 0) and (2, 0), then class 2 at (0, 2.5); σ = 0.5.
    static let stream: Data = {
        let logVariance = Float(2 * log(0.5))
        return Data(HandFrame.encode([HandFrame.f32("mu", [2, 2], [-2, 0, 2, 0]),
                                      HandFrame.f32("logvar", [2, 2], [Float](repeating: logVariance, count: 4)),
                                      i32("labels", [2], [0, 1])])
                    + HandFrame.encode([HandFrame.f32("mu", [1, 2], [0, 2.5]),
                                        HandFrame.f32("logvar", [1, 2], [logVariance, logVariance]),
                                        i32("labels", [1], [2])]))
    }()

    /// The mean column and row of the pixels within 0.03 of `colour`, and their count.
    static func centroid(_ image: Image, _ colour: (Float, Float, Float)) -> (x: Double, y: Double, count: Int) {
        var sx = 0.0, sy = 0.0, n = 0
        for y in 0..<image.height {
            for x in 0..<image.width
            where abs(image[y, x, 0] - colour.0) < 0.03 && abs(image[y, x, 1] - colour.1) < 0.03 && abs(image[y, x, 2] - colour.2) < 0.03 {
                sx += Double(x)
                sy += Double(y)
                n += 1
            }
        }
        return (sx / Double(max(n, 1)), sy / Double(max(n, 1)), n)
    }

    @Test func classesAreDrawnInTheirColoursWhereTheyAre() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let input = directory.appendingPathComponent("codes.lpt")
        try Self.stream.write(to: input)
        let output = directory.appendingPathComponent("balls.png").path
        let result = try ToolProcess.run("scatter", [input.path, "--points", "mu", "--labels", "labels", "--logvar", "logvar", "--prior",
                                                     "--xmin", "-4", "--xmax", "4", "--ymin", "-4", "--ymax", "4",
                                                     "--legend", "none", "--size", "800x600", "-o", output])
        #expect(result.status == 0 && result.stderr.isEmpty && result.stdout.isEmpty, "\(result.stderr)")
        let image = try readPNG(path: output, color: true)
        #expect(image.width == 800 && image.height == 600)
        let found = Self.classColours.map { Self.centroid(image, $0) }
        for (label, spot) in found.prefix(3).enumerated() { #expect(spot.count >= 12, "class \(label): \(spot.count) pixels") }
        #expect(found[3].count == 0, "no class 3 in the data")
        // x: class 0 on the left, class 1 on the right, class 2 half-way between them.
        #expect(found[0].x < found[2].x - 100 && found[2].x < found[1].x - 100, "\(found)")
        #expect(abs(found[2].x - (found[0].x + found[1].x) / 2) < 3)
        // y: classes 0 and 1 on one row, class 2 clearly higher up (a smaller row).
        #expect(abs(found[0].y - found[1].y) < 2 && found[2].y < found[0].y - 50, "\(found)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["balls.png", "codes.lpt"])
    }

    @Test func unlabelledPointsOnStdinGoToStdoutInOneColour() throws {
        let result = try ToolProcess.run("scatter", ["--points", "mu"], input: Self.stream)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let image = try readPNG(data: [UInt8](result.stdout), name: "stdout", color: true)
        #expect(image.width == 960 && image.height == 720)
        #expect(Self.centroid(image, Self.classColours[0]).count > 20)
        #expect(Self.centroid(image, Self.classColours[1]).count == 0 && Self.centroid(image, Self.classColours[2]).count == 0)
        // With labels the legend (beside the plot, by default) shows every class present.
        let labelled = try ToolProcess.run("scatter", ["--points", "mu", "--labels", "labels"], input: Self.stream)
        let legend = try readPNG(data: [UInt8](labelled.stdout), name: "stdout", color: true)
        #expect(Self.centroid(legend, Self.classColours[1]).x > Double(legend.width) * 0.7, "orange mostly in the legend on the right")
    }

    @Test func maxPointsKeepsRowsEvenlyThroughTheStream() throws {
        // Of the three rows (classes 0, 1, 2) one is kept: row 0; two keep rows 0 and 1.
        for (limit, drawn) in [(1, [true, false, false]), (2, [true, true, false]), (3, [true, true, true])] {
            let result = try ToolProcess.run("scatter", ["--points", "mu", "--labels", "labels", "--legend", "none", "--max-points", String(limit)],
                                             input: Self.stream)
            #expect(result.status == 0, "\(result.stderr)")
            let image = try readPNG(data: [UInt8](result.stdout), name: "stdout", color: true)
            for (label, expected) in drawn.enumerated() {
                #expect((Self.centroid(image, Self.classColours[label]).count > 0) == expected, "--max-points \(limit), class \(label)")
            }
        }
    }

    /// A failing run with `-o`: one line, the expected status, the words, no file left.
    func expectFailure(_ arguments: [String], input: Data, status: Int32, mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let output = directory.appendingPathComponent("out.png").path
        let result = try ToolProcess.run("scatter", arguments + ["-o", output], input: input)
        let what = arguments.joined(separator: " ")
        BadInputTests.expectCleanFailure(result, "scatter", what)
        #expect(result.status == status, "scatter \(what): exit \(result.status), \(result.stderr)", sourceLocation: sourceLocation)
        for fragment in mentions { #expect(result.stderr.contains(fragment), "scatter \(what): \(result.stderr)", sourceLocation: sourceLocation) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "scatter \(what) left a file", sourceLocation: sourceLocation)
    }

    @Test func badInputsFailInOneLine() throws {
        let points = HandFrame.f32("data", [2, 2], [0, 1, 2, 3])
        let labels = Self.i32("labels", [2], [0, 1])
        func frame(_ tensors: [HandFrame.TensorSpec]) -> Data { Data(HandFrame.encode(tensors)) }

        try expectFailure(["--labels", "digit"], input: frame([points, labels]), status: 1, mentions: ["'digit'", "'data'", "'labels'"])
        try expectFailure(["--points", "mu"], input: frame([points]), status: 1, mentions: ["'mu'", "--points"])
        try expectFailure(["--labels", "labels"], input: frame([points, Self.i32("labels", [3], [0, 1, 2])]), status: 1, mentions: ["3 rows"])
        try expectFailure([], input: frame([HandFrame.f32("data", [2, 2], [0, .nan, 2, 3])]), status: 1, mentions: ["nan"])
        try expectFailure([], input: frame([HandFrame.f32("data", [2, 2], [0, 1, .infinity, 3])]), status: 1, mentions: ["inf"])
        try expectFailure(["--labels", "labels"], input: frame([points, HandFrame.f32("labels", [2], [0, 0.5])]), status: 1, mentions: ["whole numbers"])
        try expectFailure([], input: frame([HandFrame.f32("data", [3, 1], [0, 1, 2])]), status: 1, mentions: ["[3, 1]"])
        try expectFailure(["--sd", "sd"], input: frame([points, HandFrame.f32("sd", [2, 2], [1, -1, 1, 1])]), status: 1, mentions: [">= 0"])
        try expectFailure([], input: frame([HandFrame.f32("data", [0, 2], [])]), status: 1, mentions: ["no points"])
        try expectFailure([], input: Data(), status: 1, mentions: ["stdin"])
        try expectFailure(["--labels", "labels"], input: frame([points, labels]) + frame([points]), status: 1, mentions: ["frame 2", "'labels'"])
        // Usage errors: exit 2.
        try expectFailure(["--logvar", "a", "--sd", "b"], input: frame([points]), status: 2, mentions: ["--logvar", "--sd"])
        try expectFailure(["--xmin", "3", "--xmax", "1"], input: frame([points]), status: 2, mentions: ["--xmin"])
        try expectFailure(["--legend", "middle"], input: frame([points]), status: 2, mentions: ["right"])
        try expectFailure(["--max-points", "0"], input: frame([points]), status: 2, mentions: ["--max-points"])
        try expectFailure(["--lables", "labels"], input: frame([points]), status: 2, mentions: ["--labels"])
    }
}
