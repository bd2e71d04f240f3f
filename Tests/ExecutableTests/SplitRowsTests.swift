import Foundation
import Testing
import TensorCore
import TensorStream

/// `split-rows` end to end: sizes, the parts against the input, seeds, and bad input.
struct SplitRowsTests {
    static let digits = ToolProcess.sample("digits-8x8.lpt")

    /// Every frame of a stream (file or bytes).
    static func frames(_ path: String) throws -> [Frame] {
        let input = try TensorInput(path: path)
        var frames: [Frame] = []
        while let frame = try input.next() { frames.append(frame) }
        return frames
    }

    /// The (row, label) pairs of a frame, in order: each row as the bit patterns of its floats.
    static func pairs(_ frame: Frame) throws -> [[UInt32]] {
        let data = try #require(frame["data"]), labels = try #require(frame["labels"])
        let width = data.rowLength, values = data.floats, classes = labels.floats
        return (0..<data.rows).map { row in values[(row * width)..<((row + 1) * width)].map(\.bitPattern) + [classes[row].bitPattern] }
    }

    /// True when `part` is `whole` with some elements left out (the order kept).
    static func isSubsequence(_ part: [[UInt32]], of whole: [[UInt32]]) -> Bool {
        var next = 0
        for element in whole where next < part.count && part[next] == element { next += 1 }
        return next == part.count
    }

    /// Runs split-rows in a fresh folder; the folder, train.lpt and test.lpt paths, and the result.
    static func split(_ arguments: [String], input: Data = Data()) throws -> (URL, String, String, ToolProcess.Result) {
        let directory = try ToolProcess.temporaryDirectory()
        let train = directory.appendingPathComponent("train.lpt").path, test = directory.appendingPathComponent("test.lpt").path
        let result = try ToolProcess.run("split-rows", arguments.map { $0 == "TRAIN" ? train : $0 == "TEST" ? test : $0 },
                                         input: input, directory: directory)
        return (directory, train, test, result)
    }

    @Test(arguments: [("300", 300), ("0.25", 450), ("1", 1), ("0.5", 899)])
    func sizesFollowTestSize(size: String, testRows: Int) throws {
        let (_, train, test, result) = try Self.split(["--test-size", size, "--seed", "1", "--train", "TRAIN", "--test", "TEST", Self.digits])
        #expect(result.status == 0 && result.stderr.isEmpty && result.stdout.isEmpty, "\(result.stderr)")
        let trainFrames = try Self.frames(train), testFrames = try Self.frames(test)
        #expect(trainFrames.count == 1 && testFrames.count == 1)
        #expect(trainFrames.first?["data"]?.shape == [1797 - testRows, 64])
        #expect(trainFrames.first?["labels"]?.shape == [1797 - testRows])
        #expect(testFrames.first?["data"]?.shape == [testRows, 64])
        #expect(testFrames.first?["labels"]?.shape == [testRows])
    }

    /// The two parts hold the input's (row, label) pairs between them, each in the input's
    /// order, and both keep the input's attributes.
    @Test func partsAreTheInputSplitInOrder() throws {
        let (_, train, test, result) = try Self.split(["--test-size", "300", "--seed", "1", "--train", "TRAIN", "--test", "TEST", Self.digits])
        #expect(result.status == 0, "\(result.stderr)")
        let input = try #require(try Self.frames(Self.digits).first)
        let trainFrame = try #require(try Self.frames(train).first), testFrame = try #require(try Self.frames(test).first)
        let whole = try Self.pairs(input), trainPairs = try Self.pairs(trainFrame), testPairs = try Self.pairs(testFrame)
        #expect((trainPairs + testPairs).sorted { $0.lexicographicallyPrecedes($1) } == whole.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(Self.isSubsequence(trainPairs, of: whole) && Self.isSubsequence(testPairs, of: whole))
        // Every class is in both parts (300 random rows of 10 balanced classes).
        #expect(Set(testPairs.map(\.last!)).count == 10)
        for frame in [trainFrame, testFrame] {
            #expect(frame.attributes.map(\.key) == input.attributes.map(\.key))
            #expect(frame.attribute("patch_width") == .number(8))
        }
    }

    @Test func sameSeedSameBytesOtherSeedOtherSplit() throws {
        func run(_ seed: String) throws -> (Data, Data) {
            let (_, train, test, result) = try Self.split(["--seed", seed, "--train", "TRAIN", "--test", "TEST", Self.digits])
            #expect(result.status == 0, "\(result.stderr)")
            return (try Data(contentsOf: URL(fileURLWithPath: train)), try Data(contentsOf: URL(fileURLWithPath: test)))
        }
        let first = try run("7"), again = try run("7"), other = try run("8")
        #expect(first.0 == again.0 && first.1 == again.1)
        #expect(first.0 != other.0 && first.1 != other.1)
    }

    /// Without --test the test part goes to -o, else stdout; the bytes are those --test writes.
    @Test func testPartGoesToStdoutOrOutput() throws {
        let (directory, _, test, named) = try Self.split(["--seed", "2", "--train", "TRAIN", "--test", "TEST", Self.digits])
        #expect(named.status == 0, "\(named.stderr)")
        let expected = try Data(contentsOf: URL(fileURLWithPath: test))
        let piped = try ToolProcess.run("split-rows", ["--seed", "2", "--train", "t2.lpt", Self.digits], directory: directory)
        #expect(piped.status == 0 && piped.stdout == expected, "\(piped.stderr)")
        let output = try ToolProcess.run("split-rows", ["--seed", "2", "--train", "t3.lpt", "-o", "o.lpt", Self.digits], directory: directory)
        #expect(output.status == 0 && output.stdout.isEmpty, "\(output.stderr)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("o.lpt")) == expected)
    }

    /// Several frames are joined by rows; a tensor that is not one row per row (here `mean`
    /// [3] beside 5 + 4 rows) goes whole to both parts.
    @Test func framesAreJoinedAndOtherTensorsCopied() throws {
        func frame(rows: Int, start: Int) -> [UInt8] {
            HandFrame.encode([HandFrame.f32("data", [UInt64(rows), 2], (0..<2 * rows).map { Float(2 * start + $0) }),
                              HandFrame.f64("labels", [UInt64(rows)], (0..<rows).map { Double(start + $0) }),
                              HandFrame.f64("mean", [3], [0.5, 1.5, 2.5])], numbers: [("channels", 1)])
        }
        let input = Data(frame(rows: 5, start: 0) + frame(rows: 4, start: 5))
        let (_, train, test, result) = try Self.split(["--test-size", "3", "--train", "TRAIN", "--test", "TEST"], input: input)
        #expect(result.status == 0, "\(result.stderr)")
        let trainFrame = try #require(try Self.frames(train).first), testFrame = try #require(try Self.frames(test).first)
        let trainLabels = try #require(trainFrame["labels"]).doubles, testLabels = try #require(testFrame["labels"]).doubles
        #expect(trainLabels.count == 6 && testLabels.count == 3)
        #expect((trainLabels + testLabels).sorted() == (0..<9).map(Double.init))
        #expect(trainLabels == trainLabels.sorted() && testLabels == testLabels.sorted())
        // Each data row still belongs to its label: row r holds 2r and 2r + 1.
        for part in [trainFrame, testFrame] {
            let labels = part["labels"]!.doubles, data = part["data"]!.floats
            #expect(labels.indices.allSatisfy { data[2 * $0] == Float(2 * labels[$0]) && data[2 * $0 + 1] == Float(2 * labels[$0] + 1) })
            #expect(part["mean"] == Tensor(shape: [3], doubles: [0.5, 1.5, 2.5]))
            #expect(part.attribute("channels") == .number(1))
        }
    }

    /// Bad input: one line on stderr, exit 1 (data) or 2 (usage), nothing on stdout and no
    /// output file left behind.
    @Test(arguments: [
        ("empty stream", ["--train", "TRAIN", "--test", "TEST"], Data(), Int32(1)),
        ("--test-size 0", ["--test-size", "0", "--train", "TRAIN", "--test", "TEST", digits], Data(), 2),
        ("--test-size 1.5", ["--test-size", "1.5", "--train", "TRAIN", "--test", "TEST", digits], Data(), 2),
        ("--test-size = rows", ["--test-size", "1797", "--train", "TRAIN", "--test", "TEST", digits], Data(), 1),
        ("--test-size > rows", ["--test-size", "5000", "--train", "TRAIN", "--test", "TEST", digits], Data(), 1),
        ("frames with other tensors", ["--train", "TRAIN", "--test", "TEST"], Data(
            HandFrame.encode([HandFrame.f32("data", [2, 2], [0, 1, 2, 3]), HandFrame.f64("labels", [2], [0, 1])])
                + HandFrame.encode([HandFrame.f32("data", [2, 2], [4, 5, 6, 7])])), 1),
        ("frames with rows of other widths", ["--train", "TRAIN", "--test", "TEST"], Data(
            HandFrame.encode([HandFrame.f32("data", [2, 2], [0, 1, 2, 3])]) + HandFrame.encode([HandFrame.f32("data", [1, 3], [4, 5, 6])])), 1),
        ("no data tensor", ["--train", "TRAIN", "--test", "TEST"], Data(HandFrame.encode([HandFrame.f64("labels", [2], [0, 1])])), 1),
        ("no rows", ["--train", "TRAIN", "--test", "TEST"], Data(HandFrame.encode([HandFrame.f32("data", [0, 4], [])])), 1),
        ("missing --train", ["--test", "TEST", digits], Data(), 2),
        ("--test and -o", ["--train", "TRAIN", "--test", "TEST", "-o", "other.lpt", digits], Data(), 2),
        ("--train = --test", ["--train", "TRAIN", "--test", "TRAIN", digits], Data(), 2),
    ])
    func badInputIsOneLineAndNoFile(what: String, arguments: [String], input: Data, status: Int32) throws {
        let (directory, _, _, result) = try Self.split(arguments, input: input)
        #expect(!result.signalled && result.status == status, "\(what): exit \(result.status), \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(what) wrote stdout")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && result.stderr.hasPrefix("split-rows: "), "\(what): \(result.stderr.debugDescription)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "\(what) left a file")
    }
}
