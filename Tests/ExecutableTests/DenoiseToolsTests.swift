import Foundation
import ImageIO
import Testing

/// The denoising tools' own pieces: `unpatchify --blend` (K-SVD's weighted mean with the noisy
/// image, against a count of the covering patches made here), `noise-sigma` (a known σ read
/// back), `inpaint` (holes in a picture of known atoms filled), and their refusals: one line,
/// exit 1 or 2, no output file.
struct DenoiseToolsTests: RefusalChecks {
    static let side = 20, patch = 6

    /// A smooth picture plus Gaussian noise of `sigma` (Box–Muller on a seeded generator).
    static func picture(sigma: Double, seed: UInt64, side: Int = side) -> Image {
        var state = seed
        func unit() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) * 0x1p-53
        }
        let pixels = (0..<(side * side)).map { index -> Float in
            let (y, x) = (Double(index / side) / Double(side), Double(index % side) / Double(side))
            let noise = (-2 * log(unit())).squareRoot() * cos(2 * Double.pi * unit())
            return Float(0.4 + 0.2 * y + 0.1 * cos(2 * Double.pi * (x + 2 * y)) + sigma * noise)
        }
        return Image(width: side, height: side, channels: 1, pixels: pixels)
    }

    static func write(_ image: Image, _ name: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(encodePNG(image, depth: .sixteen)).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every stride-1 patch of `clean` rebuilds `clean` exactly, so the blend with `noisy` must
    /// be (λ noisy + c clean) / (λ + c), c the number of patches covering the pixel.
    @Test func blendIsTheWeightedMeanWithTheNoisyImage() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let clean = Self.picture(sigma: 0, seed: 1), noisy = Self.picture(sigma: 0.1, seed: 2)
        let cleanPath = try Self.write(clean, "clean.png", in: directory), noisyPath = try Self.write(noisy, "noisy.png", in: directory)
        let weight = 3.5
        let run = try ToolProcess.shell("patchify \(cleanPath) --patch-size \(Self.patch) --stride 1 | unpatchify --blend \(noisyPath) --weight \(weight) --depth 16 -o out.png",
                                        directory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let out = try readPNG(path: directory.appendingPathComponent("out.png").path, color: false)
        let (stored, storedNoisy) = (try readPNG(path: cleanPath, color: false), try readPNG(path: noisyPath, color: false))
        let last = Self.side - Self.patch
        var worst = 0.0
        for y in 0..<Self.side {
            for x in 0..<Self.side {
                let rows = (max(0, y - Self.patch + 1)...min(y, last)).count, columns = (max(0, x - Self.patch + 1)...min(x, last)).count
                let count = Double(rows * columns), index = y * Self.side + x
                let expected = (weight * Double(storedNoisy.pixels[index]) + count * Double(stored.pixels[index])) / (weight + count)
                worst = max(worst, abs(Double(out.pixels[index]) - expected))
            }
        }
        #expect(worst < 1.5 / 65535, "largest difference \(worst)")
        // The corner pixel, covered by one patch, moves most of the way to the noisy value.
        #expect(abs(out.pixels[0] - stored.pixels[0]) > 0.5 * abs(storedNoisy.pixels[0] - stored.pixels[0]))
    }

    @Test func noiseSigmaReadsAKnownSigma() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let path = try Self.write(Self.picture(sigma: 0.05, seed: 3, side: 200), "noisy.png", in: directory)
        let result = try ToolProcess.run("noise-sigma", [path])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let sigma = try #require(Double(String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(abs(sigma / 0.05 - 1) < 0.05, "read \(sigma)")
    }

    /// The 4-wave picture of DenoisePipelineTests with every 3rd pixel (in a scattered pattern)
    /// missing and set to 0: inpainted with its 4 atoms, noise-free, it comes back to >= 40 dB,
    /// the known pixels untouched.
    @Test func inpaintFillsScatteredHoles() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let (clean, _) = DenoisePipelineTests.images(sigma: 0, seed: 1)
        let side = DenoisePipelineTests.side
        let known = (0..<(side * side)).map { ($0 * 7 + $0 / side) % 3 != 0 }
        let holed = Image(width: side, height: side, channels: 1, pixels: zip(clean.pixels, known).map { $1 ? $0 : 0 })
        let mask = Image(width: side, height: side, channels: 1, pixels: known.map { $0 ? 1 : 0 })
        let cleanPath = try Self.write(clean, "clean.png", in: directory), holedPath = try Self.write(holed, "holed.png", in: directory)
        let maskPath = try Self.write(mask, "mask.png", in: directory)
        let frame = HandFrame.encode([HandFrame.f32("data", [4, UInt64(DenoisePipelineTests.patch * DenoisePipelineTests.patch)], DenoisePipelineTests.dictionary())])
        try Data(frame).write(to: directory.appendingPathComponent("waves.lpt"))
        let run = try ToolProcess.run("inpaint", ["--dict", "waves.lpt", "--mask", maskPath, "--atoms-per-row", "4", "--depth", "16", holedPath, "-o", "out.png"],
                                      directory: directory)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        let before = try DenoisePipelineTests.psnr(cleanPath, holedPath, in: directory)
        let after = try DenoisePipelineTests.psnr(cleanPath, "out.png", in: directory)
        #expect(before < 20 && after >= 40, "PSNR \(before) dB -> \(after) dB")
        let out = try readPNG(path: directory.appendingPathComponent("out.png").path, color: false)
        let stored = try readPNG(path: holedPath, color: false)
        #expect(known.indices.allSatisfy { !known[$0] || out.pixels[$0] == stored.pixels[$0] })
    }

    @Test func refusals() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let small = try Self.write(Self.picture(sigma: 0.1, seed: 4, side: 12), "small.png", in: directory)
        let tiny = try Self.write(Image(width: 1, height: 1, channels: 1, pixels: [0.5]), "tiny.png", in: directory)
        let patches = try ToolProcess.shell("patchify \(ToolProcess.sample("camera.png")) --stride 8", directory: directory)
        try Self.expectRefusal("unpatchify", ["--blend", small, "--weight", "1"], input: patches.stdout, status: 1,
                               mentioning: "is 12x12 but the patches come from a 512x512 image", "a blend image of another size")
        try Self.expectRefusal("unpatchify", ["--blend", small], input: patches.stdout, status: 2, mentioning: "--blend needs --weight", "--blend alone")
        try Self.expectRefusal("unpatchify", ["--weight", "1"], input: patches.stdout, status: 2, mentioning: "give --blend", "--weight alone")
        try Self.expectRefusal("unpatchify", ["--blend", "/no/such.png", "--weight", "1"], input: patches.stdout, status: 1,
                               mentioning: "/no/such.png", "a missing blend image")
        let dct = ToolProcess.sample("dct-8x8-256.lpt"), camera = ToolProcess.sample("camera.png")
        try Self.expectRefusal("inpaint", ["--dict", dct, "--mask", small, camera], status: 1,
                               mentioning: "--mask \(small) is 12x12 but", "a mask of another size")
        try Self.expectRefusal("inpaint", ["--dict", dct, "--mask", camera, "--atoms-per-row", "65", camera], status: 1,
                               mentioning: "--atoms-per-row 65 is more than the 64 values of a patch", "K > features")
        try Self.expectRefusal("inpaint", ["--dict", dct, "--mask", camera, "--color", camera], status: 1,
                               mentioning: "atoms of 1 channel(s) but the image is read as RGB", "colour against gray atoms")
        try Self.expectRefusal("inpaint", ["--dict", dct, "--mask", camera], status: 2, mentioning: "give one PNG image", "no image")
        try Self.expectRefusal("inpaint", ["--dict", dct, "--mask", camera, "--sigma", "-0.1", camera], status: 2, mentioning: "--sigma", "sigma < 0")
        try Self.expectRefusal("noise-sigma", [], status: 2, mentioning: "give one PNG image", "no image")
        try Self.expectRefusal("noise-sigma", [small, small], status: 2, mentioning: "give one PNG image", "two images")
        try Self.expectRefusal("noise-sigma", [tiny], status: 1, mentioning: "at least 2x2", "a 1x1 image")
        try Self.expectRefusal("noise-sigma", ["/no/such.png"], status: 1, mentioning: "/no/such.png", "a missing image")
    }

    /// Empty, truncated and garbage PNGs wherever these tools read one: the image, the mask,
    /// the blend image.
    @Test func brokenImages() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let camera = ToolProcess.sample("camera.png"), dct = ToolProcess.sample("dct-8x8-256.lpt")
        let broken = [("empty", Data(), "empty file, not a PNG"),
                      ("truncated", try Data(contentsOf: URL(fileURLWithPath: camera)).prefix(2000), "corrupt or truncated PNG"),
                      ("garbage", Data("just some text, no image at all".utf8), "not a PNG file")]
        let patches = try ToolProcess.shell("patchify \(camera) --stride 8", directory: directory)
        for (name, bytes, message) in broken {
            let path = directory.appendingPathComponent("\(name).png").path
            try bytes.write(to: URL(fileURLWithPath: path))
            try Self.expectRefusal("noise-sigma", [path], status: 1, mentioning: "\(path): \(message)", "an \(name) image")
            try Self.expectRefusal("inpaint", ["--dict", dct, "--mask", camera, path], status: 1, mentioning: "\(path): \(message)", "an \(name) image")
            try Self.expectRefusal("inpaint", ["--dict", dct, "--mask", path, camera], status: 1, mentioning: "\(path): \(message)", "an \(name) mask")
            try Self.expectRefusal("unpatchify", ["--blend", path, "--weight", "1"], input: patches.stdout, status: 1,
                                   mentioning: "\(path): \(message)", "an \(name) blend image")
        }
    }
}
