import Foundation
import Testing

/// The crafted inputs of issue 9, each run through the built tool as a hostile user would:
/// one line `tool: ...` on stderr, exit status 1 (2 for a usage mistake), nothing on stdout,
/// no output file left behind with `-o`, and never a trap.
struct CraftedInputTests {
    static let camera = ToolProcess.sample("camera.png")
    static let dictionary = ToolProcess.sample("dct-8x8-256.lpt")

    /// Frames of real 8x8 patches, with the attributes patchify writes.
    static let patches: Data = {
        let result = try! ToolProcess.run("patchify", [camera, "--random", "200"])
        precondition(result.status == 0, result.stderr)
        return result.stdout
    }()

    /// The stream-reading tools, each with the arguments it needs besides its input.
    static let readers: [(tool: String, arguments: [String])] = [
        ("tensor-info", []), ("tensor-convert", ["--to", "npz"]), ("tensor-convert", ["--to", "npy"]),
        ("sparse-encode", ["--dict", dictionary]), ("sparse-reconstruct", ["--dict", dictionary]),
        ("whiten", []), ("montage", []), ("dict-learn", ["--atoms", "4", "--steps", "2"]), ("dict-info", []),
        ("lista-train", ["--dict", dictionary, "--depth", "2", "--epochs", "1"]), ("unpatchify", []), ("plot", []),
    ]

    /// Runs `tool` and checks the failure contract, with `-o` into a fresh directory that
    /// must stay empty. Returns stderr's one line.
    @discardableResult
    static func expectRefusal(_ tool: String, _ arguments: [String], input: Data = Data(), status: Int32 = 1,
                              mentioning words: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let directory = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.bin").path
        let result = try ToolProcess.run(tool, arguments + ["-o", output], input: input, directory: directory)
        let what = "\(tool) \(arguments.joined(separator: " "))"
        #expect(!result.signalled, "\(what) crashed: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.status == status, "\(what): exit \(result.status), \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(what) wrote to stdout", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && result.stderr.hasPrefix("\(tool): "), "\(what): stderr \(result.stderr.debugDescription)", sourceLocation: sourceLocation)
        for word in words {
            #expect(result.stderr.contains(word), "\(what): '\(word)' not in \(result.stderr)", sourceLocation: sourceLocation)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(left.isEmpty, "\(what) left \(left)", sourceLocation: sourceLocation)
        return result.stderr
    }

    static func file(_ bytes: [UInt8], named name: String) throws -> String {
        let url = try ToolProcess.temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// The 55-byte stream of the issue: `data` of shape [0, 2^64-1], and its mirror images.
    @Test(arguments: [[0, UInt64.max], [UInt64.max, 0], [4, 0, 1 << 63], [1 << 40, 0, 1]] as [[UInt64]])
    func zeroHidingAHugeDimensionTrapsNoReader(shape: [UInt64]) throws {
        let bytes = HandFrame.encode([HandFrame.TensorSpec(name: "data", dtype: 1, shape: shape, payload: [])])
        for (tool, arguments) in Self.readers {
            try Self.expectRefusal(tool, arguments, input: Data(bytes), mentioning: ["too large", "dimension"])
        }
    }

    /// `[0, 10^6]` is a valid empty frame, but no tool sizes work from its width.
    @Test func zeroRowsOfAMillionFeaturesAllocateNothing() throws {
        let bytes = Data(HandFrame.encode([HandFrame.TensorSpec(name: "data", dtype: 1, shape: [0, 1_000_000], payload: [])]))
        try Self.expectRefusal("whiten", [], input: bytes, mentioning: ["1000000 features", "8192"])
        try Self.expectRefusal("dict-learn", ["--atoms", "4"], input: bytes, mentioning: ["no rows", "1000000"])
        try Self.expectRefusal("lista-train", ["--dict", Self.dictionary, "--depth", "2"], input: bytes, mentioning: ["no rows"])
        try Self.expectRefusal("sparse-encode", ["--dict", Self.dictionary], input: bytes, mentioning: ["1000000 features"])
        // Of a sane width, zero rows are "no rows", not a --holdout problem.
        let empty = Data(HandFrame.encode([HandFrame.TensorSpec(name: "data", dtype: 1, shape: [0, 64], payload: [])]))
        let message = try Self.expectRefusal("dict-learn", ["--atoms", "4"], input: empty, mentioning: ["no rows"])
        #expect(!message.contains("holdout"))
    }

    /// A 48-byte stream whose header claims a 4 GiB payload, through a pipe under a 2 GB
    /// address-space limit: refused as truncated, with no allocation of the declared size.
    @Test func truncatedStreamDoesNotAllocateItsDeclaredPayload() throws {
        let frame = HandFrame.encode([HandFrame.TensorSpec(name: "data", dtype: 4, shape: [1 << 32], payload: [])],
                                     payloadLength: 1 << 32)
        let path = try Self.file(Array(frame.prefix(48)), named: "cut.lpt")
        let result = try ToolProcess.shell("ulimit -v 2000000; cat \(path) | tensor-info")
        #expect(result.status == 1 && !result.signalled)
        #expect(result.stderr.hasPrefix("tensor-info: stdin: truncated stream") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        // From a file, its size says so before reading.
        try Self.expectRefusal("tensor-info", [path], mentioning: ["truncated", "of 4294967296 bytes"])
    }

    static func patchFrame(height: Double = 8, pos: [Float] = [0, 0], positionType: UInt8 = 1) -> [UInt8] {
        let position = positionType == 1
            ? HandFrame.f32("pos", [1, 2], pos)
            : HandFrame.f64("pos", [1, 2], pos.map(Double.init))
        return HandFrame.encode([HandFrame.f32("data", [1, 64], [Float](repeating: 0.5, count: 64)), position],
                                numbers: [("image_height", height), ("image_width", 8), ("channels", 1),
                                          ("patch_height", 8), ("patch_width", 8)])
    }

    @Test func unpatchifyRefusesNonFiniteOrHugeAttributesAndPositions() throws {
        for height in [Double.infinity, -.infinity, .nan, 0x1p63, 1e300, 2.5, -8] {
            try Self.expectRefusal("unpatchify", [], input: Data(Self.patchFrame(height: height)), mentioning: ["image_height"])
        }
        for pos: [Float] in [[.nan, 0], [0, .infinity], [0.5, 0]] {
            try Self.expectRefusal("unpatchify", [], input: Data(Self.patchFrame(pos: pos)), mentioning: ["pos holds", "not a whole number"])
        }
        for pos: [Float] in [[0x1p62, 0], [-0x1p62, 0], [1, 0], [0, 0x1p31]] {
            try Self.expectRefusal("unpatchify", [], input: Data(Self.patchFrame(pos: pos)), mentioning: ["outside the 8x8 image"])
        }
        // The valid frame works, so the refusals above are about the values.
        let good = try ToolProcess.run("unpatchify", [], input: Data(Self.patchFrame()))
        #expect(good.status == 0 && !good.stdout.isEmpty, "\(good.stderr)")
    }

    /// A LISTA encoder file with the given thresholds and depth.
    static func encoder(thresholds: [Float], depth: Double = 2, atoms: UInt64 = 4) -> [UInt8] {
        let a = Int(atoms)
        return HandFrame.encode(
            [HandFrame.f32("filter", [64, atoms], [Float](repeating: 0.01, count: 64 * a)),
             HandFrame.f32("mutual", [atoms, atoms], [Float](repeating: 0, count: a * a)),
             HandFrame.f32("thresholds", [atoms], thresholds)],
            numbers: [("depth", depth)], strings: [("kind", "lista")])
    }

    @Test func listaEncodersWithInvalidParametersAreRefused() throws {
        for thresholds: [Float] in [[0.1, -0.5, 0.1, 0.1], [0.1, .nan, 0, 0], [.infinity, 0, 0, 0]] {
            let path = try Self.file(Self.encoder(thresholds: thresholds), named: "enc.lpt")
            try Self.expectRefusal("sparse-encode", ["--encoder", path], input: Self.patches, mentioning: ["threshold"])
        }
        for depth in [Double.infinity, .nan, 0x1p63, 0, 1.5] {
            let path = try Self.file(Self.encoder(thresholds: [0.1, 0.1, 0.1, 0.1], depth: depth), named: "enc.lpt")
            try Self.expectRefusal("sparse-encode", ["--encoder", path], input: Self.patches, mentioning: ["depth"])
        }
        let valid = try Self.file(Self.encoder(thresholds: [0.1, 0, 0.1, 0.1]), named: "enc.lpt")
        #expect(try ToolProcess.run("sparse-encode", ["--encoder", valid], input: Self.patches).status == 0)
    }

    @Test func dictionaryLambdaMustBeANumberInRange() throws {
        for lambda in [Double.nan, .infinity, -1] {
            let d = try Self.file(HandFrame.encode([HandFrame.f32("data", [2, 64], [Float](repeating: 0.125, count: 128))],
                                                   numbers: [("lambda", lambda)]), named: "d.lpt")
            try Self.expectRefusal("sparse-encode", ["--dict", d], input: Self.patches, mentioning: ["lambda"])
            try Self.expectRefusal("lista-train", ["--dict", d, "--depth", "1"], input: Self.patches, mentioning: ["lambda"])
        }
    }

    @Test func multiFrameModelFileHoldsMoreThanOneFrame() throws {
        let twice = try Self.file(Array(try Data(contentsOf: URL(fileURLWithPath: Self.dictionary))) + Array(try Data(contentsOf: URL(fileURLWithPath: Self.dictionary))), named: "two.lpt")
        for (tool, flag) in [("sparse-encode", "--dict"), ("sparse-reconstruct", "--dict"), ("whiten", "--model"), ("sparse-encode", "--encoder")] {
            let message = try Self.expectRefusal(tool, [flag, twice], input: Self.patches, mentioning: ["holds more than one frame"])
            #expect(!message.contains("corrupt"))
        }
    }

    @Test func unsignedNumpyValueIsPrintedUnsigned() throws {
        var header = "{'descr': '<u8', 'fortran_order': False, 'shape': (2,), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        let npy = [0x93] + Array("NUMPY".utf8) + [1, 0] + HandFrame.le(UInt16(header.utf8.count)) + Array(header.utf8)
            + HandFrame.le(UInt64(3)) + HandFrame.le(UInt64(1) << 63)
        let message = try Self.expectRefusal("tensor-info", [], input: Data(npy), mentioning: ["9223372036854775808"])
        #expect(!message.contains("-9223372036854775808"))
    }

    @Test func stdinIsCalledStdinEverywhere() throws {
        try Self.expectRefusal("dict-info", [], input: Data("garbage".utf8), mentioning: ["stdin:"])
        let odd = HandFrame.encode([HandFrame.f32("data", [2, 63], [Float](repeating: 0.125, count: 126))])
        try Self.expectRefusal("dict-info", ["-"], input: Data(odd), mentioning: ["stdin:"])
        let two = try Self.file(Array(Self.patches) + Array(Self.patches), named: "two.lpt")
        let message = try Self.expectRefusal("tensor-diff", ["-", two], input: Self.patches, mentioning: ["stdin"])
        #expect(!message.contains("- ") && !message.hasPrefix("tensor-diff: -"))
    }

    @Test func plotLimitsOutsideTheDataAreAnError() throws {
        let csv = try Self.file(Array("x,y\n1,2\n2,3\n3,5\n".utf8), named: "t.csv")
        try Self.expectRefusal("plot", [csv, "--xmin", "1e9"], mentioning: ["--xmin", "from 1.0 to 3.0"])
        try Self.expectRefusal("plot", [csv, "--ymax", "-4"], mentioning: ["--ymax", "from 2.0 to 5.0"])
        // Limits that cut into the data still draw.
        let drawn = try ToolProcess.run("plot", [csv, "--xmin", "2", "-o", csv + ".png"])
        #expect(drawn.status == 0, "\(drawn.stderr)")
    }

    /// `--algorithm lars`/`cd` run as asked past 2048 atoms, and are refused with a usage
    /// error past 8192 (their Gram matrix), never silently replaced by FISTA.
    @Test func explicitAlgorithmIsHonouredOrRefused() throws {
        let huge = try Self.file(HandFrame.encode([HandFrame.f32("data", [8193, 1], [Float](repeating: 1, count: 8193))]), named: "wide.lpt")
        let rows = Data(HandFrame.encode([HandFrame.f32("data", [2, 1], [0.5, -2])]))
        for algorithm in ["lars", "cd"] {
            try Self.expectRefusal("sparse-encode", ["--dict", huge, "--algorithm", algorithm], input: rows, status: 2, mentioning: [algorithm, "8192"])
        }
        for algorithm in ["auto", "fista"] {
            let result = try ToolProcess.run("sparse-encode", ["--dict", huge, "--algorithm", algorithm, "--max-iter", "5"], input: rows)
            #expect(result.status == 0, "\(algorithm): \(result.stderr)")
        }
    }

    /// A FIFO or process substitution is read once and spilled by `whiten`, as stdin is.
    @Test func whitenFitsFromAProcessSubstitutionAndAFIFO() throws {
        let directory = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ToolProcess.shell(
            "whiten --save m.lpt <(patchify \(Self.camera) --random 300) > a.lpt && mkfifo f && (patchify \(Self.camera) --random 300 > f &) && whiten --save n.lpt f > b.lpt",
            directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["m.lpt", "a.lpt", "n.lpt", "b.lpt"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)[.size] as? Int) ?? 0
            #expect(size > 1000, "\(name) has \(size) bytes")
        }
        // Stdin named twice cannot be read twice: said so, not "empty input".
        let message = try Self.expectRefusal("tensor-info", ["-", "-"], input: Self.patches, mentioning: ["only once"])
        #expect(!message.contains("empty"))
    }
}
