import Foundation
import ImageIO
import Testing

/// `plot` end to end: CSV and stream inputs give a PNG of the requested size showing the
/// series colours; bad inputs fail in one line with no output file.
struct PlotToolTests {
    /// The first three series colours `plot` promises (its palette: blue, orange, green).
    static let blue: (Float, Float, Float) = (0x1F / 255, 0x77 / 255, 0xB4 / 255)
    static let orange: (Float, Float, Float) = (0xE8 / 255, 0x71 / 255, 0x0A / 255)
    static let green: (Float, Float, Float) = (0x2C / 255, 0xA0 / 255, 0x2C / 255)

    /// Pixels within 0.03 of `color` in every channel.
    static func count(_ image: Image, _ color: (Float, Float, Float)) -> Int {
        var n = 0
        for i in 0..<(image.width * image.height) {
            let p = image.pixels[(3 * i)...]
            if abs(p[3 * i] - color.0) < 0.03 && abs(p[3 * i + 1] - color.1) < 0.03 && abs(p[3 * i + 2] - color.2) < 0.03 { n += 1 }
        }
        return n
    }

    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static let curve = "epoch,train,valid\n" + (1...40).map { "\($0),\(1.0 / Double($0)),\(1.2 / Double($0).squareRoot())" }.joined(separator: "\n") + "\n"

    @Test func csvToPNGFile() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let input = try Self.write(Self.curve, "curve.csv", in: directory)
        let output = directory.appendingPathComponent("curve.png").path
        let result = try ToolProcess.run("plot", [input, "--log-y", "--title", "held-out error", "--size", "640x400", "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty && result.stdout.isEmpty)
        let image = try readPNG(path: output, color: true)
        #expect(image.width == 640 && image.height == 400)
        #expect(Self.count(image, Self.blue) > 100 && Self.count(image, Self.orange) > 100)
        #expect(Self.count(image, Self.green) == 0, "only two series")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["curve.csv", "curve.png"])
    }

    @Test func csvOnStdinToStdout() throws {
        let result = try ToolProcess.run("plot", ["--y", "valid", "--markers"], input: Data(Self.curve.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let image = try readPNG(data: [UInt8](result.stdout), name: "stdout", color: true)
        #expect(image.width == 800 && image.height == 500)
        #expect(Self.count(image, Self.blue) > 100 && Self.count(image, Self.orange) == 0)
    }

    @Test func streamInput() throws {
        let loss = (0..<60).map { Float(exp(-Double($0) / 10)) }
        let pair = (0..<60).flatMap { [Float($0), Float(60 - $0)] }
        let stream = HandFrame.encode([HandFrame.f32("loss", [60], loss), HandFrame.f32("pair", [60, 2], pair)])
        let result = try ToolProcess.run("plot", ["-"], input: Data(stream))
        #expect(result.status == 0, "\(result.stderr)")
        let image = try readPNG(data: [UInt8](result.stdout), name: "stdout", color: true)
        #expect(image.width == 800 && image.height == 500)
        for color in [Self.blue, Self.orange, Self.green] { #expect(Self.count(image, color) > 100) }
        // --x names a tensor of the same frame; a missing one lists what there is.
        let steps = HandFrame.encode([HandFrame.f32("step", [60], (1...60).map(Float.init)), HandFrame.f32("loss", [60], loss)])
        let against = try ToolProcess.run("plot", ["--x", "step", "--log-x", "--log-y"], input: Data(steps))
        #expect(against.status == 0 && against.stderr.isEmpty, "\(against.stderr)")
        let missing = try ToolProcess.run("plot", ["--y", "error"], input: Data(steps))
        BadInputTests.expectCleanFailure(missing, "plot", "an unknown tensor")
        #expect(missing.status == 1 && missing.stderr.contains("'step'") && missing.stderr.contains("'loss'"))
    }

    @Test func nonPositiveValuesOnALogAxisAreLeftOutWithAWarning() throws {
        let csv = "n,err\n0,1\n1,0.5\n2,0\n3,0.1\n"
        let result = try ToolProcess.run("plot", ["--log-x", "--log-y"], input: Data(csv.utf8))
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("plot: warning: ") && $0.contains("<= 0") }, "\(result.stderr)")
        let quiet = try ToolProcess.run("plot", ["--log-x", "--log-y", "-q"], input: Data(csv.utf8))
        #expect(quiet.status == 0 && quiet.stderr.isEmpty)
        let none = try ToolProcess.run("plot", ["--log-y"], input: Data("n,err\n1,0\n2,-1\n".utf8))
        BadInputTests.expectCleanFailure(none, "plot", "no positive values on a log axis")
        #expect(none.status == 1 && none.stderr.contains("'err'"))
    }

    /// A failing run with `-o`: one line on stderr, the expected status, no output file left.
    func expectFailure(_ arguments: [String], input: Data = Data(), status: Int32, mentions: [String] = [], in directory: URL) throws {
        let output = directory.appendingPathComponent("out.png").path
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let result = try ToolProcess.run("plot", arguments + ["-o", output], input: input)
        let what = arguments.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: " ")
        BadInputTests.expectCleanFailure(result, "plot", what)
        #expect(result.status == status, "plot \(what): exit \(result.status), \(result.stderr)")
        for fragment in mentions { #expect(result.stderr.contains(fragment), "plot \(what): \(result.stderr)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == before, "plot \(what) left a file")
    }

    @Test func badInputsFailInOneLine() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let good = try Self.write(Self.curve, "good.csv", in: directory)
        let empty = try Self.write("", "empty.csv", in: directory)
        let text = try Self.write(String(repeating: "this is not a tensor stream\n", count: 40), "text.csv", in: directory)
        let binary = directory.appendingPathComponent("binary.bin")
        try Data([0x00, 0xFF, 0x13, 0x37, 0x00, 0x42] + [UInt8](repeating: 7, count: 100)).write(to: binary)
        let ragged = try Self.write("a,b\n1,2\n3,4,5\n", "ragged.csv", in: directory)
        let nanOnly = try Self.write("x,y,z\n1,nan,1\n2,,2\n", "nan.csv", in: directory)
        let header = try Self.write("x,y\n", "header.csv", in: directory)

        try expectFailure([empty], status: 1, mentions: ["empty"], in: directory)
        try expectFailure([], status: 1, mentions: ["stdin", "empty"], in: directory)
        try expectFailure([text], status: 1, mentions: ["no numeric column"], in: directory)
        try expectFailure([binary.path], status: 1, mentions: ["binary"], in: directory)
        try expectFailure([], input: Data([0x4C, 0x50, 0x54, 0x53, 1, 0, 0]), status: 1, mentions: ["stdin"], in: directory)
        try expectFailure([ragged], status: 1, mentions: ["line 3", "3 fields"], in: directory)
        try expectFailure([nanOnly], status: 1, mentions: ["'y'"], in: directory)
        try expectFailure([header], status: 1, mentions: ["no data rows"], in: directory)
        try expectFailure(["/no/such/file.csv"], status: 1, mentions: ["/no/such/file.csv"], in: directory)
        try expectFailure([good, "--y", "test"], status: 1, mentions: ["'test'", "'epoch'", "'train'", "'valid'"], in: directory)
        try expectFailure([good, "--x", "time"], status: 1, mentions: ["'time'", "'epoch'"], in: directory)
        // Usage errors: exit 2.
        try expectFailure([good, "--size", "800"], status: 2, mentions: ["--size"], in: directory)
        try expectFailure([good, "--size", "10x10"], status: 2, mentions: ["--size"], in: directory)
        try expectFailure([good, "--legend", "middle"], status: 2, mentions: ["upper-right"], in: directory)
        try expectFailure([good, "--xmin", "5", "--xmax", "1"], status: 2, in: directory)
        try expectFailure([good, "--log-y", "--ymin", "0"], status: 2, mentions: ["--ymin"], in: directory)
        try expectFailure([good, "--ymax", "abc"], status: 2, in: directory)
        try expectFailure([good, "--markers", "--no-markers"], status: 2, in: directory)
        try expectFailure([good, "--y", "train,"], status: 2, in: directory)
        try expectFailure([good, "--log-z"], status: 2, mentions: ["--log-x"], in: directory)
    }
}
