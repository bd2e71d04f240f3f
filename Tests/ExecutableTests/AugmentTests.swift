import Foundation
import Testing
import TensorCore
import TensorStream

/// `augment` end to end on the digits: shapes, labels repeated, view and source tensors,
/// seeds, the nudge, image frames, and bad input.
struct AugmentTests {
    static let digits = ToolProcess.sample("digits-8x8.lpt")

    /// Runs augment in a fresh folder writing out.lpt; the folder, the result and out.lpt's frames.
    static func augment(_ arguments: [String], input: Data = Data()) throws -> (URL, ToolProcess.Result, [Frame]) {
        let directory = try ToolProcess.temporaryDirectory()
        let result = try ToolProcess.run("augment", arguments + ["-o", "out.lpt"], input: input, directory: directory)
        let path = directory.appendingPathComponent("out.lpt").path
        guard result.status == 0 else { return (directory, result, []) }
        return (directory, result, try SplitRowsTests.frames(path))
    }

    static func bytes(_ directory: URL) throws -> Data { try Data(contentsOf: directory.appendingPathComponent("out.lpt")) }

    @Test func viewsAreGroupedPerRowWithLabelsViewAndSource() throws {
        let (_, result, frames) = try Self.augment(["--shift", "1", "--rotate", "10", "--crop", "0.8", "--noise", "0.05", "--views", "3", "--seed", "4", Self.digits])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let input = try #require(try SplitRowsTests.frames(Self.digits).first)
        let frame = try #require(frames.first)
        #expect(frames.count == 1)
        #expect(frame["data"]?.shape == [1797 * 3, 64] && frame["data"]?.dtype == .f32)
        let labels = try #require(frame["labels"]).floats, inputLabels = try #require(input["labels"]).floats
        let view = try #require(frame["view"]), source = try #require(frame["source"])
        #expect(view.dtype == .i32 && source.dtype == .i32 && view.shape == [5391] && source.shape == [5391])
        let views = view.floats.map(Int.init), sources = source.floats.map(Int.init)
        for row in 0..<5391 {
            #expect(views[row] == row % 3 && sources[row] == row / 3)
            #expect(labels[row] == inputLabels[row / 3])
        }
        #expect(frame.attributes.map(\.key) == input.attributes.map(\.key))
        // Every view differs from its source row (noise alone sees to that).
        let augmented = frame["data"]!.floats, original = input["data"]!.floats
        #expect((0..<5391).allSatisfy { augmented[($0 * 64)..<($0 * 64 + 64)] != original[($0 / 3 * 64)..<($0 / 3 * 64 + 64)] })
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let arguments = ["--shift", "2", "--rotate", "15", "--contrast", "0.3", "--views", "2", Self.digits]
        let (first, a, _) = try Self.augment(arguments + ["--seed", "7"])
        let (again, b, _) = try Self.augment(arguments + ["--seed", "7"])
        let (other, c, _) = try Self.augment(arguments + ["--seed", "8"])
        #expect(a.status == 0 && b.status == 0 && c.status == 0)
        #expect(try Self.bytes(first) == Self.bytes(again))
        #expect(try Self.bytes(first) != Self.bytes(other))
    }

    /// --nudge: 5 views per row, view 0 the row itself, views 1–4 its one-pixel shifts (checked
    /// here on the 8x8 grid directly, independently of the library).
    @Test func nudgeIsTheRowAndItsFourShifts() throws {
        let (_, result, frames) = try Self.augment(["--nudge", Self.digits])
        #expect(result.status == 0, "\(result.stderr)")
        let frame = try #require(frames.first)
        let input = try #require(try SplitRowsTests.frames(Self.digits).first)
        #expect(frame["data"]?.shape == [1797 * 5, 64] && frame["labels"]?.shape == [1797 * 5])
        let out = frame["data"]!.floats, rows = input["data"]!.floats
        func pixel(_ values: [Float], _ row: Int, _ y: Int, _ x: Int) -> Float {
            y >= 0 && y < 8 && x >= 0 && x < 8 ? values[row * 64 + y * 8 + x] : 0
        }
        let offsets = [(0, 0), (-1, 0), (0, -1), (0, 1), (1, 0)]
        for row in [0, 1, 900, 1796] {
            for (view, (down, right)) in offsets.enumerated() {
                for y in 0..<8 {
                    for x in 0..<8 { #expect(pixel(out, row * 5 + view, y, x) == pixel(rows, row, y - down, x - right)) }
                }
            }
        }
    }

    /// Image frames [C, H, W]: V frames per image, each with view and source [1].
    @Test func imageFramesGiveOneFramePerView() throws {
        let image = HandFrame.encode([HandFrame.f32("data", [2, 3, 4], (0..<24).map(Float.init))])
        let (_, result, frames) = try Self.augment(["--shift", "1", "--views", "2"], input: Data(image + image))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(frames.count == 4)
        #expect(frames.map { $0["data"]?.shape ?? [] }.allSatisfy { $0 == [2, 3, 4] })
        #expect(frames.map { $0["view"]?.floats ?? [] } == [[0], [1], [0], [1]])
        #expect(frames.map { $0["source"]?.floats ?? [] } == [[0], [0], [1], [1]])
    }

    /// Bad input: one line on stderr, exit 1 (data) or 2 (usage), nothing on stdout and no
    /// output file left behind.
    @Test(arguments: [
        ("empty stream", [String](), Data(), Int32(1)),
        ("not square, no geometry", [], Data(HandFrame.encode([HandFrame.f32("data", [2, 6], [Float](repeating: 0, count: 12))])), 1),
        ("NaN", [], Data(HandFrame.encode([HandFrame.f32("data", [1, 4], [0, .nan, 0, 0])])), 1),
        ("shift larger than the image", ["--shift", "8", digits], Data(), 1),
        ("--views 0", ["--views", "0", digits], Data(), 2),
        ("--crop 0", ["--crop", "0", digits], Data(), 2),
        ("--nudge with --shift", ["--nudge", "--shift", "1", digits], Data(), 2),
        ("no data tensor", [], Data(HandFrame.encode([HandFrame.f64("labels", [2], [0, 1])])), 1),
    ])
    func badInputIsOneLineAndNoFile(what: String, arguments: [String], input: Data, status: Int32) throws {
        let (directory, result, _) = try Self.augment(arguments, input: input)
        #expect(!result.signalled && result.status == status, "\(what): exit \(result.status), \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(what) wrote stdout")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && result.stderr.hasPrefix("augment: "), "\(what): \(result.stderr.debugDescription)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "\(what) left a file")
    }
}
