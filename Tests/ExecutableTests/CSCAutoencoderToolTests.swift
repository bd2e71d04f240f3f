import Foundation
import Testing

/// csc-ae-train and csc-encode --encoder end to end on 64x64 crops of the camera photo with 4
/// grey 8x8 kernels: the same seed the same bytes, maps of the solver's shape, a training that
/// lowers the held-out code error, and the refusals (issue 15, must-show 4).
struct CSCAutoencoderToolTests {
    /// Trains a small encoder for the fixtures' grey kernels; returns its path.
    static func train(_ f: CSCFixtures, seed: String = "0", name: String = "enc.lpt", extra: [String] = []) throws -> String {
        let out = f.path(name)
        let run = try ToolProcess.run("csc-ae-train", ["--kernels", f.kernels, "--depth", "2", "--epochs", "3", "--crop", "32", "--holdout", "1",
                                                       "--lambda", "0.05", "--max-iter", "300", "--seed", seed, f.grey, f.grey2, "-o", out] + extra)
        #expect(run.status == 0 && run.stderr.isEmpty, "csc-ae-train: \(run.stderr)")
        return out
    }

    @Test("csc-ae-train: same seed same bytes; csc-encode --encoder writes the solver's shape and lambda; training lowers the held-out error")
    func trainAndEncode() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        let first = try Self.train(f), again = try Self.train(f, name: "again.lpt"), other = try Self.train(f, seed: "1", name: "other.lpt")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: again))))
        #expect(bytes != (try Data(contentsOf: URL(fileURLWithPath: other))))

        let info = String(decoding: try ToolProcess.run("tensor-info", [first]).stdout, as: UTF8.self)
        func attribute(_ key: String) -> Double? {
            info.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("\(key)=") }.flatMap { Double($0.dropFirst(key.count + 1)) }
        }
        let before = try #require(attribute("untrained_holdout_code_error"), "\(info)")
        let after = try #require(attribute("holdout_code_error"), "\(info)")
        #expect(after < before, "held-out code error \(before) untrained, \(after) trained")
        #expect(info.contains("kind=csc-encoder") && info.contains("analysis  f32  4x1x8x8"), "\(info)")

        let predicted = try ToolProcess.run("csc-encode", ["--kernels", f.kernels, "--encoder", first, "--report", f.grey])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        #expect(predicted.stderr.contains("encoder depth 2"), "\(predicted.stderr)")
        let solved = try ToolProcess.run("csc-encode", ["--kernels", f.kernels, "--lambda", "0.05", f.grey])
        func shape(_ stream: Data) throws -> String {
            let described = try ToolProcess.run("tensor-info", ["-"], input: stream)
            return String(decoding: described.stdout, as: UTF8.self).split(separator: "\n").first { $0.contains("data") }.map(String.init) ?? ""
        }
        let predictedShape = try shape(predicted.stdout), solvedShape = try shape(solved.stdout)
        #expect(predictedShape.contains("4x64x64") && solvedShape.contains("4x64x64"), "\(predictedShape) / \(solvedShape)")
        let predictedInfo = String(decoding: try ToolProcess.run("tensor-info", ["-"], input: predicted.stdout).stdout, as: UTF8.self)
        #expect(predictedInfo.contains("lambda=0.05"), "\(predictedInfo)")
    }

    @Test("bad input: an encoder for other kernels, the wrong channel count, an empty stream, solver options, not an encoder")
    func refusals() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        let encoder = try Self.train(f)
        let otherKernels = f.path("k4-other.lpt")
        try CSCFixtures.writeKernels(count: 4, channels: 1, size: 8, seed: 9, to: otherKernels)
        let refuse = CSCBadInputTests.expectRefusal
        try refuse("csc-encode", ["--kernels", otherKernels, "--encoder", encoder, f.grey], Data(), 1, "trained for other kernels", f, "an encoder for other kernels")
        try refuse("csc-encode", ["--kernels", f.colourKernels, "--encoder", encoder, f.colour], Data(), 1, "trained for other kernels", f, "colour kernels, a grey encoder")
        let colourFrame = CSCBadInputTests.imageFrame(channels: 3, height: 16, width: 16)
        try refuse("csc-encode", ["--kernels", f.kernels, "--encoder", encoder], colourFrame, 1, "the image has 3 channels", f, "a colour stream")
        try refuse("csc-encode", ["--kernels", f.kernels, "--encoder", encoder], Data(), 1, "empty input", f, "empty stdin")
        try refuse("csc-encode", ["--kernels", f.kernels, "--encoder", encoder, "--max-iter", "5", f.grey], Data(), 2, "does not apply", f, "--max-iter with --encoder")
        try refuse("csc-encode", ["--kernels", f.kernels, "--encoder", f.kernels, f.grey], Data(), 1, "not a convolutional encoder", f, "kernels as the encoder")
        let nan = CSCBadInputTests.imageFrame(channels: 1, height: 16, width: 16, nanAt: 37)
        try refuse("csc-encode", ["--kernels", f.kernels, "--encoder", encoder], nan, 1, "NaN or infinity (channel 0, row 2, column 5)", f, "a NaN pixel")

        try refuse("csc-ae-train", ["--kernels", f.kernels, "--depth", "1"], Data(), 1, "empty input", f, "empty stdin")
        try refuse("csc-ae-train", ["--kernels", f.kernels, "--depth", "1"], colourFrame, 1, "the image has 3 channels", f, "a colour stream")
        try refuse("csc-ae-train", ["--kernels", f.kernels, "--depth", "1", "--crop", "128", f.grey], Data(), 1, "smaller than the 128x128 crops", f, "a crop larger than the image")
        try refuse("csc-ae-train", ["--kernels", f.kernels, "--depth", "1", "--crop", "32", "--holdout", "4", f.grey], Data(), 1, "hold out fewer", f, "every crop held out")
        try refuse("csc-ae-train", ["--kernels", f.kernels, "--depth", "1"], nan, 1, "NaN or infinity", f, "a NaN pixel")
        try refuse("csc-ae-train", ["--kernels", f.kernels, f.grey], Data(), 2, "--depth", f, "no --depth")
    }
}
