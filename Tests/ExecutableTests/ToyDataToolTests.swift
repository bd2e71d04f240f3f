import Foundation
import ImageIO
import Testing
import TensorCore
import TensorStream

/// `toy-data` end to end: the frame it writes (tensors, attributes, points on their curves,
/// classes), seeds, pipes into scatter and tensor-info, and usage errors.
struct ToyDataToolTests {
    /// Runs toy-data in a fresh folder writing out.lpt; the folder, the result and out.lpt's frames.
    static func toyData(_ arguments: [String]) throws -> (URL, ToolProcess.Result, [Frame]) {
        let directory = try ToolProcess.temporaryDirectory()
        let result = try ToolProcess.run("toy-data", arguments + ["-o", "out.lpt"], directory: directory)
        guard result.status == 0 else { return (directory, result, []) }
        return (directory, result, try SplitRowsTests.frames(directory.appendingPathComponent("out.lpt").path))
    }

    /// The points of a frame as (x, y, label).
    static func points(_ frame: Frame) -> [(x: Double, y: Double, label: Int)] {
        let data = frame["data"]!.floats, labels = frame["labels"]!.floats
        return labels.indices.map { (Double(data[2 * $0]), Double(data[2 * $0 + 1]), Int(labels[$0])) }
    }

    @Test func moonsFrameHoldsLabelledPointsOnTheirCircles() throws {
        let (_, result, frames) = try Self.toyData(["--kind", "moons", "--count", "101", "--seed", "3"])
        #expect(result.status == 0 && result.stderr.isEmpty && result.stdout.isEmpty, "\(result.stderr)")
        let frame = try #require(frames.first)
        #expect(frames.count == 1)
        #expect(frame["data"]?.shape == [101, 2] && frame["data"]?.dtype == .f32)
        #expect(frame["labels"]?.shape == [101] && frame["labels"]?.dtype == .i32)
        #expect(frame.attribute("kind")?.string == "moons" && frame.attribute("noise")?.number == 0)
        let points = Self.points(frame)
        #expect(points.filter { $0.label == 0 }.count == 50 && points.filter { $0.label == 1 }.count == 51)
        for p in points {
            let (cx, cy) = p.label == 0 ? (0.0, 0.0) : (1.0, 0.5)
            #expect(abs((p.x - cx) * (p.x - cx) + (p.y - cy) * (p.y - cy) - 1) < 1e-5, "\(p)")
        }
    }

    @Test func ringsAndSpiralCarryTheirParameter() throws {
        let (_, _, rings) = try Self.toyData(["--kind", "rings:0.3", "--count", "40"])
        let ring = try #require(rings.first)
        #expect(ring.attribute("kind")?.string == "rings" && ring.attribute("factor")?.number == 0.3 && ring.attribute("arms") == nil)
        #expect(Self.points(ring).allSatisfy { abs(($0.x * $0.x + $0.y * $0.y).squareRoot() - ($0.label == 0 ? 1 : 0.3)) < 1e-6 })

        let (_, _, spirals) = try Self.toyData(["--kind", "spiral:4", "--count", "403", "--noise", "0.05"])
        let spiral = try #require(spirals.first)
        #expect(spiral.attribute("kind")?.string == "spiral" && spiral.attribute("arms")?.number == 4)
        #expect(spiral.attribute("noise")?.number == 0.05)
        let counts = (0..<5).map { label in Self.points(spiral).filter { $0.label == label }.count }
        #expect(counts == [100, 101, 101, 101, 0])
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytesStdoutAsFile() throws {
        let arguments = ["--kind", "spiral", "--count", "500", "--noise", "0.1"]
        let (first, a, _) = try Self.toyData(arguments + ["--seed", "7"])
        let (again, b, _) = try Self.toyData(arguments + ["--seed", "7"])
        let (other, c, _) = try Self.toyData(arguments + ["--seed", "8"])
        #expect(a.status == 0 && b.status == 0 && c.status == 0)
        let bytes = { (directory: URL) in try Data(contentsOf: directory.appendingPathComponent("out.lpt")) }
        #expect(try bytes(first) == bytes(again))
        #expect(try bytes(first) != bytes(other))
        let piped = try ToolProcess.run("toy-data", arguments + ["--seed", "7"])
        #expect(try piped.stdout == bytes(first))
    }

    /// toy-data | scatter draws both moons in their tab10 colours; toy-data | tensor-info reads it.
    @Test func pipesIntoScatterAndTensorInfo() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let drawn = try ToolProcess.shell("toy-data --kind moons --count 1000 --noise 0.1 | scatter --labels labels -o moons.png", directory: directory)
        #expect(drawn.status == 0 && drawn.stderr.isEmpty, "\(drawn.stderr)")
        let image = try readPNG(path: directory.appendingPathComponent("moons.png").path, color: true)
        let blue = ScatterToolTests.centroid(image, ScatterToolTests.classColours[0])
        let orange = ScatterToolTests.centroid(image, ScatterToolTests.classColours[1])
        #expect(blue.count > 500 && orange.count > 500, "\(blue) \(orange)")
        // The outer moon (x from -1 to 1) lies left of and above the inner one (x from 0 to 2).
        #expect(blue.x < orange.x && blue.y < orange.y, "\(blue) \(orange)")

        let info = try ToolProcess.shell("toy-data --kind rings --count 30 | tensor-info", directory: directory)
        let text = String(decoding: info.stdout, as: UTF8.self)
        #expect(info.status == 0 && text.contains("data  f32  30x2") && text.contains("labels  i32  30") && text.contains("kind=rings"), "\(text)")
    }

    @Test(arguments: [
        ("--count 0", ["--kind", "moons", "--count", "0"], "--count"),
        ("negative --noise", ["--kind", "moons", "--count", "10", "--noise", "-0.1"], "--noise"),
        ("NaN --noise", ["--kind", "moons", "--count", "10", "--noise", "nan"], "--noise"),
        ("unknown --kind", ["--kind", "circles", "--count", "10"], "--kind"),
        ("one-armed spiral", ["--kind", "spiral:1", "--count", "10"], "--kind"),
        ("ring factor 1", ["--kind", "rings:1", "--count", "10"], "--kind"),
        ("no --kind", ["--count", "10"], "--kind"),
        ("no --count", ["--kind", "moons"], "--count"),
        ("an input file", ["--kind", "moons", "--count", "10", "in.lpt"], "reads no input"),
    ])
    func usageErrorsAreOneLineExitTwoAndNoFile(what: String, arguments: [String], mentioning: String) throws {
        let (directory, result, _) = try Self.toyData(arguments)
        #expect(!result.signalled && result.status == 2, "\(what): exit \(result.status), \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(what) wrote stdout")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && result.stderr.hasPrefix("toy-data: ") && result.stderr.contains(mentioning), "\(what): \(result.stderr.debugDescription)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "\(what) left a file")
    }
}
