#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import ImageIO
import TensorCore

/// Bad input gives a `PNGError` with a readable message, never a crash.
@Suite("PNG errors")
struct PNGErrorTests {
    /// A valid, incompressible 32×32 RGB PNG (over 3 KB), written by libpng.
    static func validPNG() throws -> [UInt8] {
        try encodePNG(randomByteImage(width: 32, height: 32, channels: 3, seed: 42))
    }

    /// Runs `body`, which must throw a `PNGError`, and returns it.
    static func pngError(_ body: () throws -> Image,
                         sourceLocation: SourceLocation = #_sourceLocation) -> PNGError? {
        do {
            _ = try body()
            Issue.record("no error thrown", sourceLocation: sourceLocation)
        } catch let error as PNGError {
            return error
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test("a missing file: io open, worded as the stream tools word it")
    func missingFile() {
        let path = "/nonexistent-dir/none.png"
        let error = Self.pngError { try readPNG(path: path, color: false) }
        #expect(error == .io(path: path, operation: "open", message: "No such file or directory"))
        #expect(error?.description == "/nonexistent-dir/none.png: cannot open: No such file or directory")
    }

    @Test("a directory: io read, 'is a directory' as the stream tools say")
    func directory() {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let error = Self.pngError { try readPNG(path: directory, color: false) }
        #expect(error == .io(path: directory, operation: "read", message: "is a directory"))
        #expect(error?.description == "\(directory): cannot read: is a directory")
    }

    @Test("garbage bytes: notPNG showing the first bytes")
    func garbage() {
        let bytes = Array("hello, this is not an image at all\n".utf8)
        let error = Self.pngError { try readPNG(data: bytes, name: "camera.png", color: false) }
        #expect(error == .notPNG(name: "camera.png", message: "starts with \"hello, t\", not the PNG signature"))
        #expect(error?.description == "camera.png: not a PNG file (starts with \"hello, t\", not the PNG signature)")
    }

    @Test("other formats are named, with what to do", arguments: [
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10] + Array("JFIF".utf8), ForeignFormat.jpeg),
        (Array("GIF89a\u{1}\u{0}\u{1}\u{0}".utf8), .gif),
        (Array("BM".utf8) + [UInt8](repeating: 0, count: 20), .bmp),
        (Array("LPTS".utf8) + [1, 0, 0, 0], .tensorStream),
        ([0x93] + Array("NUMPY".utf8) + [1, 0], .npy),
        ([0x50, 0x4B, 0x03, 0x04, 20, 0], .zipArchive),
        (Array("P5\n8 8\n255\n".utf8), .netpbm),
        ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], .tiff),
        (Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8), .webp),
    ] as [([UInt8], ForeignFormat)])
    func foreignFormats(bytes: [UInt8], format: ForeignFormat) {
        let error = Self.pngError { try readPNG(data: bytes, name: "dir/photo.jpeg", color: false) }
        #expect(error == .otherFormat(name: "dir/photo.jpeg", format: format))
        let text = error?.description ?? ""
        #expect(text.hasPrefix("dir/photo.jpeg: this is a \(format.rawValue) file, not a PNG; "))
        #expect(!text.contains("\n"))
    }

    @Test("a JPEG's hint gives commands with the file's own name, or in.jpg for stdin")
    func jpegHint() {
        #expect(PNGError.otherFormat(name: "dir/photo.jpeg", format: .jpeg).description
                == "dir/photo.jpeg: this is a JPEG file, not a PNG; convert it first, e.g. `convert dir/photo.jpeg dir/photo.png` (ImageMagick) or `python3 -c \"from PIL import Image; Image.open('dir/photo.jpeg').save('dir/photo.png')\"`")
        #expect(ForeignFormat.jpeg.hint(for: "stdin").contains("`convert in.jpg in.png`"))
        #expect(ForeignFormat.replacingExtension(of: "a.b/noext") == "a.b/noext.png")
        #expect(ForeignFormat.replacingExtension(of: ".hidden") == ".hidden.png")
    }

    @Test("/dev/zero is refused after its first bytes, not read until memory runs out")
    func devZero() {
        let error = Self.pngError { try readPNG(path: "/dev/zero", color: false) }
        guard case .notPNG(let name, _)? = error else {
            Issue.record("expected notPNG, got \(String(describing: error))"); return
        }
        #expect(name == "/dev/zero")
    }

    @Test("a file over the size limit is refused: from its size, or while reading a stream")
    func fileSizeCap() throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let path = directory + "/big.png"
        writeBytes(HandPNG.signature + [UInt8](repeating: 0, count: 5000), to: path)
        #expect(throws: PNGError.fileTooLarge(name: path)) {
            try FileSystem.readAll(path: path, limit: 4096)
        }
        // A device has no size: /dev/urandom is cut at the limit, whatever keepReading says.
        #expect(throws: PNGError.fileTooLarge(name: "/dev/urandom")) {
            try FileSystem.readAll(path: "/dev/urandom", limit: 100_000) { _ in true }
        }
        #expect(PNGError.fileTooLarge(name: "x").description == "x: file too large for a PNG (more than 1073741824 bytes)")
    }

    @Test("a garbage file on disk: notPNG")
    func garbageFile() {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let path = directory + "/fake.png"
        writeBytes(Array(repeating: 0x41, count: 500), to: path)
        let error = Self.pngError { try readPNG(path: path, color: true) }
        guard case .notPNG(let name, _)? = error else {
            Issue.record("expected notPNG, got \(String(describing: error))"); return
        }
        #expect(name == path)
    }

    @Test("empty input: empty")
    func empty() {
        #expect(Self.pngError { try readPNG(data: [], name: "e.png", color: false) } == .empty(name: "e.png"))
        #expect(PNGError.empty(name: "e.png").description == "e.png: empty file, not a PNG")
    }

    @Test("the signature alone, or a truncated signature: an error")
    func signatureOnly() {
        for count in [4, 8, 20] {
            let bytes = Array((HandPNG.signature + HandPNG.chunk("IHDR", Array(repeating: 0, count: 13))).prefix(count))
            #expect(Self.pngError { try readPNG(data: bytes, name: "s", color: false) } != nil)
        }
    }

    @Test("the first 100 bytes of a valid PNG: corrupt, with libpng's message")
    func truncated() throws {
        let bytes = Array(try Self.validPNG().prefix(100))
        let error = Self.pngError { try readPNG(data: bytes, name: "cut.png", color: true) }
        guard case .corrupt(let name, let message)? = error else {
            Issue.record("expected corrupt, got \(String(describing: error))"); return
        }
        #expect(name == "cut.png")
        #expect(!message.isEmpty)
        #expect(error!.description.hasPrefix("cut.png: corrupt or truncated PNG (libpng: "))
        #expect(!error!.description.contains("\n"))
    }

    @Test("every truncation of a valid PNG fails cleanly")
    func everyTruncation() throws {
        let bytes = try encodePNG(randomByteImage(width: 4, height: 3, channels: 1, seed: 3))
        for count in 1..<bytes.count {   // a file cut anywhere, even inside IEND, is refused
            let error = Self.pngError { try readPNG(data: Array(bytes.prefix(count)), name: "t", color: false) }
            #expect(error != nil, "prefix of \(count) bytes")
        }
    }

    @Test("a wrong IDAT CRC: corrupt")
    func badCRC() throws {
        var bytes = try Self.validPNG()
        let idat = HandPNG.chunks(in: bytes).first { $0.type == "IDAT" }!
        bytes[idat.offset + 8 + idat.length] ^= 0xFF            // first CRC byte
        let error = Self.pngError { try readPNG(data: bytes, name: "crc.png", color: true) }
        guard case .corrupt? = error else {
            Issue.record("expected corrupt, got \(String(describing: error))"); return
        }
    }

    @Test("bad compressed data with a correct CRC: corrupt")
    func badZlibData() throws {
        var bytes = try Self.validPNG()
        let idat = HandPNG.chunks(in: bytes).first { $0.type == "IDAT" }!
        let data = idat.offset + 8
        bytes[data] = 0x7F                                      // zlib CMF: compression method 15, invalid
        let crc = HandPNG.crc32(Array(bytes[(idat.offset + 4)..<(data + idat.length)]))
        bytes.replaceSubrange((data + idat.length)..<(data + idat.length + 4), with: HandPNG.bigEndian32(crc))
        let error = Self.pngError { try readPNG(data: bytes, name: "z.png", color: true) }
        guard case .corrupt? = error else {
            Issue.record("expected corrupt, got \(String(describing: error))"); return
        }
    }

    @Test("an invalid IHDR (bit depth 3) with a correct CRC: corrupt")
    func badHeader() {
        let png = HandPNG.png(width: 2, height: 2, bitDepth: 3, colorType: .gray, rows: [[0], [0]])
        guard case .corrupt? = Self.pngError({ try readPNG(data: png, name: "h", color: false) }) else {
            Issue.record("expected corrupt"); return
        }
    }

    @Test("random byte corruptions either fail with PNGError or decode to the right shape")
    func fuzz() throws {
        let valid = try encodePNG(randomByteImage(width: 9, height: 7, channels: 3, seed: 8))
        var generator = SeededGenerator(seed: 2024)
        var failures = 0
        for _ in 0..<300 {
            var bytes = valid
            for _ in 0..<(1 + generator.below(3)) {
                bytes[generator.below(bytes.count)] = UInt8(generator.below(256))
            }
            do {
                let image = try readPNG(data: bytes, name: "fuzz", color: true)
                #expect(image.pixels.count == image.width * image.height * 3)
            } catch is PNGError {
                failures += 1
            }
        }
        #expect(failures > 0)
    }

    @Test("an image over the pixel limit is refused before allocation (hand-built header)")
    func tooLargeHeader() {
        var ihdr = HandPNG.bigEndian32(20_000) + HandPNG.bigEndian32(20_000)
        ihdr += [8, 2, 0, 0, 0]
        let png = HandPNG.signature + HandPNG.chunk("IHDR", ihdr)
            + HandPNG.chunk("IDAT", HandPNG.zlibStored([0, 1, 2])) + HandPNG.chunk("IEND", [])
        let error = Self.pngError { try readPNG(data: png, name: "huge.png", color: true) }
        #expect(error == .tooLarge(name: "huge.png", width: 20_000, height: 20_000))
        #expect(error?.description == "huge.png: image too large (20000x20000 pixels; the limit is 268435456 pixels)")
    }

    @Test("encodePNG refuses channel counts other than 1 and 3, and empty images")
    func encodeErrors() {
        let two = Image(width: 2, height: 2, channels: 2)
        #expect(throws: PNGError.unsupported(name: "x.png", reason: "2 channels (PNG output holds 1, gray, or 3, RGB)")) {
            try encodePNG(two, name: "x.png")
        }
        let empty = Image(width: 0, height: 3, channels: 1)
        do {
            _ = try encodePNG(empty, name: "e.png")
            Issue.record("a zero-width image was encoded")
        } catch let error as PNGError {
            guard case .writeFailed(let path, let message) = error else {
                Issue.record("expected writeFailed, got \(error)"); return
            }
            #expect(path == "e.png")
            #expect(!message.isEmpty)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a header declaring more pixels than the data can inflate to is refused before allocating")
    func declaredSizeBeyondTheData() throws {
        // A valid image at deflate's best ratio (all zeros) still decodes: the bound is zlib's 1032:1.
        let zeros = Image(width: 2048, height: 2048, channels: 1, pixels: [Float](repeating: 0, count: 2048 * 2048))
        let bytes = try encodePNG(zeros)
        #expect(try readPNG(data: bytes, name: "zeros.png", color: false) == zeros)
        // The same header with the height raised 64-fold over the same data cannot be valid.
        var tall = bytes
        tall[20] = 0; tall[21] = 2; tall[22] = 0; tall[23] = 0  // height 131072
        let crc = HandPNG.crc32(Array(tall[12..<29]))
        for (i, shift) in [24, 16, 8, 0].enumerated() { tall[29 + i] = UInt8(truncatingIfNeeded: crc >> UInt32(shift)) }
        do {
            _ = try readPNG(data: tall, name: "tall.png", color: false)
            Issue.record("a 2048x131072 header over 2048x2048 data was accepted")
        } catch let error as PNGError {
            guard case .dataTooShort(_, 2048, 131_072, let raw, _) = error else { Issue.record("got \(error)"); return }
            #expect(raw == 131_072 * 2049)
        }
    }
}
