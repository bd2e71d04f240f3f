import Foundation
import Testing

/// Must-show 6 of issue 11: every bad input to the CSC tools is one line `tool: ...` on
/// stderr, exit 1 (data) or 2 (usage), nothing on stdout and no output file.
struct CSCBadInputTests {
    /// Runs `tool` with `-o FILE` added, expects a clean failure with `status`, the message
    /// containing `mentioning`, and no FILE.
    static func expectRefusal(_ tool: String, _ arguments: [String], input: Data = Data(), status: Int32,
                              mentioning: String, in f: CSCFixtures, _ what: String) throws {
        let out = f.path("out-\(UUID().uuidString).lpt")
        let result = try ToolProcess.run(tool, arguments + ["-o", out], input: input)
        BadInputTests.expectCleanFailure(result, tool, what)
        #expect(result.status == status, "\(tool) on \(what): exit \(result.status), \(result.stderr)")
        #expect(result.stderr.contains(mentioning), "\(tool) on \(what): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out), "\(tool) on \(what) left \(out)")
    }

    /// An image frame `data [channels, height, width]` (with a NaN at `nanAt` if given), as bytes.
    static func imageFrame(channels: Int, height: Int, width: Int, nanAt: Int? = nil, name: String = "data") -> Data {
        var values = (0..<(channels * height * width)).map { Float($0 % 7) / 7 }
        if let nanAt { values[nanAt] = .nan }
        return Data(HandFrame.encode([HandFrame.f32(name, [UInt64(channels), UInt64(height), UInt64(width)], values)]))
    }

    @Test("kernels of another channel count than the image")
    func channelMismatch() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        let colourStream = Self.imageFrame(channels: 3, height: 16, width: 16)
        try Self.expectRefusal("csc-encode", ["--kernels", f.kernels], input: colourStream, status: 1,
                               mentioning: "the image has 3 channels but the kernels", in: f, "a colour stream and grey kernels")
        try Self.expectRefusal("csc-encode", ["--kernels", f.colourKernels], input: Self.imageFrame(channels: 1, height: 16, width: 16), status: 1,
                               mentioning: "the image has 1 channel but the kernels", in: f, "a grey stream and colour kernels")
        try Self.expectRefusal("csc-learn", ["--kernels", "2", "--kernel-size", "4", "-"], input: colourStream, status: 1,
                               mentioning: "has 3 channels but the kernels have 1", in: f, "a colour stream to grey learning")
    }

    @Test("kernels larger than the image")
    func kernelsLargerThanTheImage() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        try Self.expectRefusal("csc-encode", ["--kernels", f.kernels, f.tiny], status: 1, mentioning: "smaller than the kernels", in: f, "a 6x6 image")
        try Self.expectRefusal("csc-learn", ["--kernels", "2", "--kernel-size", "8", f.tiny], status: 1, mentioning: "smaller than the 8x8 kernels", in: f, "a 6x6 image")
        let maps = Data(HandFrame.encode([HandFrame.f32("data", [4, 5, 5], [Float](repeating: 0, count: 100))]))
        try Self.expectRefusal("csc-reconstruct", ["--kernels", f.kernels], input: maps, status: 1, mentioning: "smaller than the 8x8 kernels", in: f, "5x5 maps")
    }

    @Test("an empty set of images")
    func noImages() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        try Self.expectRefusal("csc-encode", ["--kernels", f.kernels], status: 1, mentioning: "empty input", in: f, "empty stdin")
        try Self.expectRefusal("highpass", [], status: 1, mentioning: "empty input", in: f, "empty stdin")
        try Self.expectRefusal("csc-reconstruct", ["--kernels", f.kernels], status: 1, mentioning: "empty input", in: f, "empty stdin")
        try Self.expectRefusal("csc-learn", ["--kernels", "2"], status: 2, mentioning: "no training image", in: f, "no image arguments")
        let empty = f.path("empty.lpt")
        FileManager.default.createFile(atPath: empty, contents: Data())
        try Self.expectRefusal("csc-learn", ["--kernels", "2", empty], status: 1, mentioning: "empty input", in: f, "an empty stream file")
    }

    @Test("NaN pixels")
    func nanPixels() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        let bad = Self.imageFrame(channels: 1, height: 16, width: 16, nanAt: 37)
        for (tool, arguments) in [("highpass", ["-"]), ("csc-encode", ["--kernels", f.kernels, "-"]), ("csc-learn", ["--kernels", "2", "--kernel-size", "4", "-"])] {
            try Self.expectRefusal(tool, arguments, input: bad, status: 1, mentioning: "NaN or infinity (channel 0, row 2, column 5)", in: f, "a NaN pixel")
        }
        let stream = f.path("nan.lpt")
        try bad.write(to: URL(fileURLWithPath: stream))
        try Self.expectRefusal("csc-learn", ["--kernels", "2", "--kernel-size", "4", f.grey, "--held-out", stream], status: 1,
                               mentioning: "NaN or infinity", in: f, "a NaN pixel in a held-out image")
        let nanMaps = Data(HandFrame.encode([HandFrame.f32("data", [4, 8, 8], [Float](repeating: .nan, count: 256))]))
        try Self.expectRefusal("csc-reconstruct", ["--kernels", f.kernels], input: nanMaps, status: 1, mentioning: "NaN or infinity", in: f, "NaN maps")
    }

    @Test("a maps stream that does not match the kernels")
    func mapsMismatch() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        let threeMaps = Data(HandFrame.encode([HandFrame.f32("data", [3, 16, 16], [Float](repeating: 0, count: 768))]))
        try Self.expectRefusal("csc-reconstruct", ["--kernels", f.kernels], input: threeMaps, status: 1,
                               mentioning: "holds 3 maps but \(f.kernels) has 4 kernels", in: f, "3 maps for 4 kernels")
        let patches = Data(HandFrame.encode([HandFrame.f32("data", [2, 64], [Float](repeating: 0, count: 128))]))
        try Self.expectRefusal("csc-reconstruct", ["--kernels", f.kernels], input: patches, status: 1, mentioning: "not feature maps", in: f, "patch rows")
        let wrongLowpass = Data(HandFrame.encode([HandFrame.f32("data", [4, 16, 16], [Float](repeating: 0, count: 1024)),
                                                  HandFrame.f32("lowpass", [3, 16, 16], [Float](repeating: 0, count: 768))]))
        try Self.expectRefusal("csc-reconstruct", ["--kernels", f.kernels], input: wrongLowpass, status: 1, mentioning: "'lowpass'", in: f, "a colour lowpass for grey kernels")
        try Self.expectRefusal("csc-encode", ["--kernels", f.kernels], input: patches, status: 1, mentioning: "not an image", in: f, "patch rows as images")
        try Self.expectRefusal("csc-encode", ["--kernels", f.grey, f.grey], status: 1, mentioning: f.grey, in: f, "a PNG as the kernels")
    }

    @Test("garbage, truncated streams and missing files")
    func garbageAndMissing() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        let garbage = Data("this is not an image or a stream\n".utf8)
        let frame = Self.imageFrame(channels: 1, height: 16, width: 16)
        let truncated = frame.prefix(frame.count - 10)
        for (tool, arguments) in [("highpass", ["-"]), ("csc-encode", ["--kernels", f.kernels, "-"]), ("csc-reconstruct", ["--kernels", f.kernels, "-"]),
                                  ("csc-learn", ["--kernels", "2", "--kernel-size", "4", "-"])] {
            try Self.expectRefusal(tool, arguments, input: garbage, status: 1, mentioning: "not a tensor stream", in: f, "garbage")
            try Self.expectRefusal(tool, arguments, input: truncated, status: 1, mentioning: "truncated", in: f, "a truncated stream")
        }
        try Self.expectRefusal("highpass", [f.path("missing.png")], status: 1, mentioning: "cannot open: No such file", in: f, "a missing image")
        try Self.expectRefusal("csc-encode", ["--kernels", f.path("missing.lpt"), f.grey], status: 1, mentioning: "cannot open: No such file", in: f, "missing kernels")
        try Self.expectRefusal("csc-learn", ["--kernels", "2", f.grey, "--resume", f.kernels], status: 1, mentioning: "no learner state", in: f, "kernels without a learner state")
        var corruptPNG = try Data(contentsOf: URL(fileURLWithPath: f.grey))
        corruptPNG = corruptPNG.prefix(corruptPNG.count / 2)
        try Self.expectRefusal("csc-encode", ["--kernels", f.kernels], input: corruptPNG, status: 1, mentioning: "PNG", in: f, "a truncated PNG")
    }

    @Test("bad option values are usage errors")
    func badOptions() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        for value in ["0", "-1", "nan", "inf"] {
            try Self.expectRefusal("csc-encode", ["--kernels", f.kernels, "--lambda", value, f.grey], status: 2, mentioning: "--lambda", in: f, "--lambda \(value)")
            try Self.expectRefusal("csc-learn", ["--kernels", "2", "--lambda", value, f.grey], status: 2, mentioning: "--lambda", in: f, "--lambda \(value)")
            try Self.expectRefusal("highpass", ["--lambda", value, f.grey], status: 2, mentioning: "--lambda", in: f, "--lambda \(value)")
        }
        try Self.expectRefusal("csc-learn", ["--kernels", "2", "--epochs", "2", "-"], status: 2, mentioning: "read only once", in: f, "stdin with two epochs")
        try Self.expectRefusal("csc-encode", [f.grey], status: 2, mentioning: "--kernels", in: f, "no --kernels")
    }
}
