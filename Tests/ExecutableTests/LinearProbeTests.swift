import Foundation
import ImageIO
import Testing

/// `linear-probe` end to end on the digits: accuracy, the same output for the same seed, the
/// PNG, the modes (--folds, --test), and bad input.
struct LinearProbeTests {
    static let digits = ToolProcess.sample("digits-8x8.lpt")

    /// The accuracy line's value.
    static func accuracy(_ stdout: Data) throws -> Double {
        let text = String(decoding: stdout, as: UTF8.self)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("accuracy ") })
        return try #require(Double(line.split(separator: " ")[1]))
    }

    /// Raw pixels, C chosen by the inner cross-validation, the held-out 20%.
    @Test func rawPixelsOfTheDigitsAreReadWell() throws {
        let result = try ToolProcess.run("linear-probe", ["--seed", "1", Self.digits])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.contains("1437 train, 360 test rows"), "\(text)")
        #expect(text.contains("chosen by 5-fold cross-validation"))
        #expect(try Self.accuracy(result.stdout) >= 0.95)
        // The matrix's rows sum to the test rows.
        let matrixRows = text.split(separator: "\n").drop { !$0.hasPrefix("confusion matrix") }.dropFirst(2)
        #expect(matrixRows.count == 10)
        var counted = 0
        for row in matrixRows { counted += row.split(separator: " ").dropFirst().compactMap { Int($0) }.reduce(0, +) }
        #expect(counted == 360)
    }

    @Test func sameSeedSameOutputOtherSeedOtherSplit() throws {
        let first = try ToolProcess.run("linear-probe", ["--C", "1", "--seed", "3", Self.digits])
        let again = try ToolProcess.run("linear-probe", ["--C", "1", "--seed", "3", Self.digits])
        let other = try ToolProcess.run("linear-probe", ["--C", "1", "--seed", "4", Self.digits])
        #expect(first.status == 0 && !first.stdout.isEmpty)
        #expect(first.stdout == again.stdout && first.stdout != other.stdout)
    }

    /// `-o FILE` receives the confusion matrix as a PNG; the text still goes to stdout.
    @Test func pictureIsWrittenWithTheText() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let picture = directory.appendingPathComponent("confusion.png").path
        let plain = try ToolProcess.run("linear-probe", ["--C", "1", Self.digits])
        let result = try ToolProcess.run("linear-probe", ["--C", "1", "-o", picture, Self.digits])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout == plain.stdout)
        let image = try readPNG(path: picture, color: true)
        #expect(image.width >= 400 && image.height >= 400 && image.channels == 3)
        // The diagonal cells are the darkest: some pixel is dark blue.
        let pixels: [Float] = image.pixels
        let darkBlue = stride(from: 0, to: pixels.count, by: 3).contains { (start: Int) -> Bool in pixels[start] < 0.1 && pixels[start + 2] > 0.3 }
        #expect(darkBlue)
    }

    /// The test part split-rows writes, given as --test, is the split linear-probe makes itself.
    @Test func testFileFromSplitRowsMatchesTheOwnSplit() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let train = directory.appendingPathComponent("train.lpt").path, test = directory.appendingPathComponent("test.lpt").path
        let split = try ToolProcess.run("split-rows", ["--test-size", "0.2", "--seed", "5", "--train", train, "--test", test, Self.digits])
        #expect(split.status == 0, "\(split.stderr)")
        let own = try ToolProcess.run("linear-probe", ["--C", "0.1", "--seed", "5", Self.digits])
        let given = try ToolProcess.run("linear-probe", ["--C", "0.1", "--test", test, train])
        #expect(own.status == 0 && given.status == 0, "\(given.stderr)")
        func body(_ data: Data) -> [Substring] { String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst().map { $0 } }
        #expect(body(own.stdout) == body(given.stdout))
    }

    @Test func foldsTestEveryRowOnce() throws {
        let result = try ToolProcess.run("linear-probe", ["--folds", "3", "--C", "1", Self.digits])
        #expect(result.status == 0, "\(result.stderr)")
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.contains("fold 3: C 1, accuracy"))
        #expect(text.contains("/1797)"))
        #expect(try Self.accuracy(result.stdout) >= 0.93)
    }

    static func frame(data: [Float], rows: UInt64, columns: UInt64, labels: [Double]?, labelRows: UInt64? = nil) -> Data {
        var tensors = [HandFrame.f32("data", [rows, columns], data)]
        if let labels { tensors.append(HandFrame.f64("labels", [labelRows ?? rows], labels)) }
        return Data(HandFrame.encode(tensors))
    }

    static let twelve = (0..<24).map { Float($0 % 5) }

    /// Bad data or options: one line on stderr, exit 1 or 2, nothing on stdout, no file.
    @Test(arguments: [
        ("empty stream", [String](), Data(), Int32(1)),
        ("labels missing", [], frame(data: twelve, rows: 12, columns: 2, labels: nil), 1),
        ("labels of another length", [], frame(data: twelve, rows: 12, columns: 2, labels: [0, 1, 0], labelRows: 3), 1),
        ("one class", [], frame(data: twelve, rows: 12, columns: 2, labels: Array(repeating: 3, count: 12)), 1),
        ("non-integer labels", [], frame(data: twelve, rows: 12, columns: 2, labels: (0..<12).map { Double($0 % 2) + 0.5 }), 1),
        ("nan feature", [], frame(data: [Float.nan] + twelve.dropFirst(), rows: 12, columns: 2, labels: (0..<12).map { Double($0 % 2) }), 1),
        ("no rows", [], frame(data: [], rows: 0, columns: 2, labels: []), 1),
        ("train fraction 1", ["--train-fraction", "1"], Data(), 2),
        ("train fraction 0", ["--train-fraction", "0"], Data(), 2),
        ("C 0", ["--C", "0"], Data(), 2),
        ("folds and test", ["--folds", "3", "--test", "x.lpt"], Data(), 2),
        ("fraction and folds", ["--train-fraction", "0.5", "--folds", "3"], Data(), 2),
    ])
    func badInputIsOneLineAndNoFile(what: String, arguments: [String], input: Data, status: Int32) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let result = try ToolProcess.run("linear-probe", arguments + ["-o", "out.png"], input: input, directory: directory)
        #expect(!result.signalled && result.status == status, "\(what): exit \(result.status), \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(what) wrote stdout")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && result.stderr.hasPrefix("linear-probe: "), "\(what): \(result.stderr.debugDescription)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "\(what) left a file")
    }
}
