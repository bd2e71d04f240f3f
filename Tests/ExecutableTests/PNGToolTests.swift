import Foundation
import ImageIO
import Testing

/// The PNG side of the tools: other formats named with a hint, the same "cannot open"
/// wording as the stream tools, `-` for psnr, `--depth 16` for unpatchify and montage.
struct PNGToolTests {
    static let camera = ToolProcess.sample("camera.png")

    /// The bit depth byte of a PNG's IHDR.
    static func bitDepth(_ png: Data) -> UInt8 { png[8 + 8 + 8] }

    @Test("a JPEG, GIF or tensor stream given as a PNG: one line naming it, with what to do")
    func foreignFormats() throws {
        let directory = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let jpeg = directory.appendingPathComponent("photo.jpg")
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF\0".utf8) + [UInt8](repeating: 0, count: 100)).write(to: jpeg)
        let result = try ToolProcess.run("patchify", [jpeg.path])
        BadInputTests.expectCleanFailure(result, "patchify", "a JPEG")
        #expect(result.stderr.contains("\(jpeg.path): this is a JPEG file, not a PNG; convert it first, e.g. `convert \(jpeg.path) \(directory.path)/photo.png`"))
        let piped = try ToolProcess.run("psnr", [Self.camera, "-"], input: try Data(contentsOf: jpeg))
        BadInputTests.expectCleanFailure(piped, "psnr", "a JPEG on stdin")
        #expect(piped.stderr.hasPrefix("psnr: stdin: this is a JPEG file, not a PNG; convert it first, e.g. `convert in.jpg in.png`"))
        let stream = try ToolProcess.run("patchify", [ToolProcess.sample("dct-8x8-256.lpt")])
        BadInputTests.expectCleanFailure(stream, "patchify", "a tensor stream")
        #expect(stream.stderr.contains("this is a latentpipe tensor stream file, not a PNG"))
    }

    @Test("patchify /dev/zero fails at once instead of reading until memory runs out")
    func devZero() throws {
        let result = try ToolProcess.run("patchify", ["/dev/zero"])
        BadInputTests.expectCleanFailure(result, "patchify", "/dev/zero")
        #expect(result.status == 1)
        #expect(result.stderr.contains("not a PNG file"))
    }

    @Test("a PNG header declaring too many pixels is refused from the header, in any dimension")
    func hugeDimensions() throws {
        let directory = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func be32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) } }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            be32(UInt32(data.count)) + Array(type.utf8) + data + be32(HandFrame.crc32(Array(type.utf8) + data))
        }
        for (width, height) in [(100_000, 100_000), (1, 0x7FFF_FFFF), (0x7FFF_FFFF, 1), (16_385, 16_385)] as [(UInt32, UInt32)] {
            let png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", be32(width) + be32(height) + [16, 6, 0, 0, 0])
                + chunk("IDAT", [0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
            let path = directory.appendingPathComponent("huge.png")
            try Data(png).write(to: path)
            let out = directory.appendingPathComponent("out.lpt")
            let result = try ToolProcess.run("patchify", [path.path, "-o", out.path])
            BadInputTests.expectCleanFailure(result, "patchify", "\(width)x\(height)")
            #expect(result.stderr == "patchify: \(path.path): image too large (\(width)x\(height) pixels; the limit is 268435456 pixels)\n")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test("a missing file and a directory are worded as the stream tools word them")
    func cannotOpenWording() throws {
        let directory = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (tool, path) in [("tensor-info", "/no/such.lpt"), ("patchify", "/no/such.png"), ("psnr", "/no/such.png")] {
            let arguments = tool == "psnr" ? [Self.camera, path] : [path]
            let result = try ToolProcess.run(tool, arguments)
            BadInputTests.expectCleanFailure(result, tool, "a missing file")
            #expect(result.stderr == "\(tool): \(path): cannot open: No such file or directory\n")
        }
        let stream = try ToolProcess.run("tensor-info", [directory.path])
        let image = try ToolProcess.run("patchify", [directory.path])
        #expect(image.stderr == stream.stderr.replacingOccurrences(of: "tensor-info: ", with: "patchify: "))
        #expect(image.stderr == "patchify: \(directory.path): cannot read: is a directory\n")
    }

    @Test("psnr takes - for either image, not for both")
    func psnrStdin() throws {
        let camera = try Data(contentsOf: URL(fileURLWithPath: Self.camera))
        for arguments in [[Self.camera, "-"], ["-", Self.camera]] {
            let result = try ToolProcess.run("psnr", arguments, input: camera)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(String(decoding: result.stdout, as: UTF8.self) == "inf\n")
        }
        let both = try ToolProcess.run("psnr", ["-", "-"], input: camera)
        BadInputTests.expectCleanFailure(both, "psnr", "- -")
        #expect(both.status == 2)
    }

    @Test("unpatchify and montage write 16-bit PNGs with --depth 16; other depths are usage errors")
    func depth16() throws {
        let directory = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rebuilt = try ToolProcess.shell("patchify \(Self.camera) --stride 4 | unpatchify --depth 16 -o wide.png", directory: directory)
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        let wide = try Data(contentsOf: directory.appendingPathComponent("wide.png"))
        #expect(Self.bitDepth(wide) == 16)
        // 8-bit samples v/255 pass through 16 bits unchanged: the rebuilt image is the original.
        #expect(try readPNG(path: directory.appendingPathComponent("wide.png").path, color: false)
                == readPNG(path: Self.camera, color: false))

        let atoms = try ToolProcess.run("montage", [ToolProcess.sample("dct-8x8-256.lpt"), "--depth", "16"])
        #expect(atoms.status == 0, "\(atoms.stderr)")
        #expect(Self.bitDepth(atoms.stdout) == 16)
        let eight = try ToolProcess.run("montage", [ToolProcess.sample("dct-8x8-256.lpt")])
        #expect(Self.bitDepth(eight.stdout) == 8)

        for tool in ["unpatchify", "montage"] {
            let result = try ToolProcess.run(tool, ["--depth", "12"], input: Data())
            BadInputTests.expectCleanFailure(result, tool, "--depth 12")
            #expect(result.status == 2)
        }
    }
}
