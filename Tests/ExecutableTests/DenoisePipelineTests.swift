import Foundation
import ImageIO
import Testing

/// pipelines/denoise.sh on a synthetic photo whose every 8x8 patch (its mean removed) is a
/// combination of 4 known atoms: with that dictionary, OMP to the noise level and patch
/// averaging must raise the PSNR by ≥ 10 dB at sigma 0.1 (PSNR by the psnr tool). Bad
/// arguments: one line, exit 2 or 1, no output file.
struct DenoisePipelineTests {
    static let side = 48, patch = 8
    /// Two plane waves (frequencies in cycles per image side, phases) on a grey level of 0.5.
    static let waves: [(fy: Double, fx: Double, amplitude: Double, phase: Double)] = [(2, 3, 0.2, 0), (4, -1, 0.15, 1)]

    static func wave(_ w: (fy: Double, fx: Double, amplitude: Double, phase: Double), y: Int, x: Int, shift: Double) -> Double {
        w.amplitude * cos(2 * Double.pi * (w.fy * Double(y) + w.fx * Double(x)) / Double(side) + w.phase + shift)
    }

    /// Each wave's colour (R, G, B weights) in the colour version of the picture.
    static let colours: [[Double]] = [[1, 0.6, 0.2], [0.3, 0.8, 1]]

    /// The clean image and the noisy one (Gaussian, sigma, on each channel; seeded Box–Muller on
    /// SplitMix64); in colour (channels 3) each wave is weighted per channel by its colour.
    static func images(sigma: Double, seed: UInt64, channels: Int = 1) -> (clean: Image, noisy: Image) {
        var state = seed
        func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
        }
        var clean = [Float](), noisy = [Float]()
        for y in 0..<side {
            for x in 0..<side {
                for channel in 0..<channels {
                    let value = 0.5 + zip(waves, colours).reduce(0) { $0 + wave($1.0, y: y, x: x, shift: 0) * (channels == 1 ? 1 : $1.1[channel]) }
                    let u = max(unit(), 1e-300)
                    let noise = (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
                    clean.append(Float(value))
                    noisy.append(Float(value + sigma * noise))
                }
            }
        }
        return (Image(width: side, height: side, channels: channels, pixels: clean),
                Image(width: side, height: side, channels: channels, pixels: noisy))
    }

    /// The 4 atoms: cos and sin of each wave on the 8x8 grid, mean removed, orthonormalised
    /// (Gram–Schmidt). A patch of the clean image, its mean removed, lies in their span. In
    /// colour each atom is the grey one times its wave's colour, per pixel (y, x, channel).
    static func dictionary(channels: Int = 1) -> [Float] {
        var rows = [[Double]]()
        for (w, colour) in zip(waves, colours) {
            for shift in [0, Double.pi / 2] {
                var row = (0..<(patch * patch * channels)).map {
                    wave(w, y: $0 / channels / patch, x: $0 / channels % patch, shift: shift) * (channels == 1 ? 1 : colour[$0 % channels])
                }
                for channel in 0..<channels {
                    let mean = stride(from: channel, to: row.count, by: channels).reduce(0) { $0 + row[$1] } / Double(patch * patch)
                    for index in stride(from: channel, to: row.count, by: channels) { row[index] -= mean }
                }
                for previous in rows {
                    let dot = zip(row, previous).reduce(0) { $0 + $1.0 * $1.1 }
                    row = zip(row, previous).map { $0 - dot * $1 }
                }
                let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
                rows.append(row.map { $0 / norm })
            }
        }
        return rows.flatMap { $0.map(Float.init) }
    }

    static func psnr(_ a: String, _ b: String, in directory: URL, color: Bool = false) throws -> Double {
        let result = try ToolProcess.run("psnr", (color ? ["--color"] : []) + [a, b], directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(Double(String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// With --sigma (K-SVD's blend weight 30 / (255 sigma) by default) and without it (sigma
    /// estimated by noise-sigma, stated on stderr).
    @Test(arguments: [true, false])
    func knownDictionaryGainsTenDecibelsAtSigmaOneTenth(sigmaGiven: Bool) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let (clean, noisy) = Self.images(sigma: 0.1, seed: 17)
        try Data(encodePNG(clean, depth: .sixteen)).write(to: directory.appendingPathComponent("clean.png"))
        try Data(encodePNG(noisy, depth: .sixteen)).write(to: directory.appendingPathComponent("noisy.png"))
        let frame = HandFrame.encode([HandFrame.f32("data", [4, UInt64(Self.patch * Self.patch)], Self.dictionary())])
        try Data(frame).write(to: directory.appendingPathComponent("waves.lpt"))
        let dict = directory.appendingPathComponent("waves.lpt").path
        let run = try ToolProcess.pipeline("denoise.sh", (sigmaGiven ? ["--sigma", "0.1"] : []) + ["--dict", dict,
                                                          directory.appendingPathComponent("noisy.png").path,
                                                          directory.appendingPathComponent("out.png").path], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("estimated by noise-sigma") != sigmaGiven, "\(run.stderr)")
        let before = try Self.psnr("clean.png", "noisy.png", in: directory)
        let after = try Self.psnr("clean.png", "out.png", in: directory)
        #expect(after - before >= 10, "PSNR \(before) dB -> \(after) dB")
    }

    /// Colour: 3n-value patches coded to 3n (C sigma)^2 against the colour atoms; the RGB
    /// output gains >= 10 dB over its three channels.
    @Test func colourKnownDictionaryGainsTenDecibels() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let (clean, noisy) = Self.images(sigma: 0.1, seed: 23, channels: 3)
        try Data(encodePNG(clean, depth: .sixteen)).write(to: directory.appendingPathComponent("clean.png"))
        try Data(encodePNG(noisy, depth: .sixteen)).write(to: directory.appendingPathComponent("noisy.png"))
        let frame = HandFrame.encode([HandFrame.f32("data", [4, UInt64(Self.patch * Self.patch * 3)], Self.dictionary(channels: 3))])
        try Data(frame).write(to: directory.appendingPathComponent("waves.lpt"))
        let run = try ToolProcess.pipeline("denoise.sh", ["--sigma", "0.1", "--color", "--patch-size", "8", "--dict", directory.appendingPathComponent("waves.lpt").path,
                                                          directory.appendingPathComponent("noisy.png").path,
                                                          directory.appendingPathComponent("out.png").path], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let out = try readPNG(path: directory.appendingPathComponent("out.png").path, color: true)
        #expect(out.channels == 3)
        let before = try Self.psnr("clean.png", "noisy.png", in: directory, color: true)
        let after = try Self.psnr("clean.png", "out.png", in: directory, color: true)
        #expect(after - before >= 10, "PSNR \(before) dB -> \(after) dB")
    }

    /// Inpainting through the pipeline: a third of the pixels missing (0 in the PNG), the 4 atoms
    /// given, no noise: back to >= 35 dB.
    @Test func maskedPixelsFilledWithTheKnownDictionary() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let (clean, _) = Self.images(sigma: 0, seed: 1)
        let known = (0..<(Self.side * Self.side)).map { ($0 * 5 + $0 / Self.side) % 3 != 0 }
        let holed = Image(width: Self.side, height: Self.side, channels: 1, pixels: zip(clean.pixels, known).map { $1 ? $0 : 0 })
        try Data(encodePNG(clean, depth: .sixteen)).write(to: directory.appendingPathComponent("clean.png"))
        try Data(encodePNG(holed, depth: .sixteen)).write(to: directory.appendingPathComponent("holed.png"))
        try Data(encodePNG(Image(width: Self.side, height: Self.side, channels: 1, pixels: known.map { $0 ? 1 : 0 })))
            .write(to: directory.appendingPathComponent("mask.png"))
        let frame = HandFrame.encode([HandFrame.f32("data", [4, UInt64(Self.patch * Self.patch)], Self.dictionary())])
        try Data(frame).write(to: directory.appendingPathComponent("waves.lpt"))
        let run = try ToolProcess.pipeline("denoise.sh", ["--mask", directory.appendingPathComponent("mask.png").path,
                                                          "--dict", directory.appendingPathComponent("waves.lpt").path,
                                                          directory.appendingPathComponent("holed.png").path,
                                                          directory.appendingPathComponent("out.png").path], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let before = try Self.psnr("clean.png", "holed.png", in: directory)
        let after = try Self.psnr("clean.png", "out.png", in: directory)
        #expect(after >= 35 && after - before >= 15, "PSNR \(before) dB -> \(after) dB")
    }

    @Test func badArgumentsWriteNothing() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let (_, noisy) = Self.images(sigma: 0.1, seed: 3)
        let noisyPath = directory.appendingPathComponent("noisy.png").path
        try Data(encodePNG(noisy)).write(to: URL(fileURLWithPath: noisyPath))
        let out = directory.appendingPathComponent("out.png").path
        let cases: [([String], Int32, String)] = [
            (["--sigma", "-0.1", noisyPath, out], 2, "--sigma takes a number >= 0"),
            ([noisyPath], 2, "give the noisy PNG and the output PNG"),
            (["--sigma", "0.1", "--weight", "-1", noisyPath, out], 2, "--weight takes a number >= 0"),
            (["--sigma", "0.1", "--patch-size", "0", noisyPath, out], 2, "--patch-size"),
            (["--sigma", "0.1", "--stride", "0", noisyPath, out], 2, "--stride takes a whole number >= 1"),
            (["--sigma", "0.1", "--passes", "0", noisyPath, out], 2, "--passes takes a whole number >= 1"),
            (["--sigma", "0.1", directory.appendingPathComponent("missing.png").path, out], 1, "cannot read"),
            (["--sigma", "0.1", "--patch-size", "4", "--dict", ToolProcess.sample("dct-8x8-256.lpt"), noisyPath, out], 1, "16 features"),
            (["--mask", ToolProcess.sample("camera.png"), noisyPath, out], 1, "is 512x512 but"),
            (["--mask", noisyPath, "--patch-size", "6", noisyPath, out], 2, "give --dict for other patch sizes"),
            (["--mask", directory.appendingPathComponent("missing.png").path, noisyPath, out], 1, "cannot read the mask"),
        ]
        for (arguments, status, message) in cases {
            let result = try ToolProcess.pipeline("denoise.sh", arguments, in: try ToolProcess.temporaryDirectory())
            #expect(result.status == status, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(arguments) wrote \(out)")
        }
    }
}
