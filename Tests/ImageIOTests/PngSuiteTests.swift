import Testing
@testable import ImageIO

/// Conformance: every valid PngSuite image (and the PIL-made fixtures with gAMA chunks and
/// 16 bits) decodes to exactly the samples two independent decoders (pypng and PIL, see
/// tools/png_expectations.py) return, recorded in Fixtures/expected.tsv as SHA-256 digests;
/// every corrupt PngSuite image (x*.png) is refused with a one-line `PNGError`.
@Suite("PngSuite conformance")
struct PngSuiteTests {
    /// Tests/ImageIOTests/Fixtures.
    static let fixtures: String = {
        let file = #filePath
        return String(file[..<file.lastIndex(of: "/")!]) + "/Fixtures"
    }()

    /// One line of expected.tsv.
    struct Expectation: CustomTestStringConvertible, Sendable {
        var path: String
        var width: Int, height: Int, channels: Int, depth: Int
        var sha256: String
        var testDescription: String { path }
    }

    static let expectations: [Expectation] = {
        let text = String(decoding: try! FileSystem.readAll(path: fixtures + "/expected.tsv", limit: 1 << 20), as: UTF8.self)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t").map(String.init)
            return Expectation(path: fields[0], width: Int(fields[1])!, height: Int(fields[2])!,
                               channels: Int(fields[3])!, depth: Int(fields[4])!, sha256: fields[5])
        }
    }()

    static let corruptNames: [String] = [
        "xc1n0g08", "xc9n2c08", "xcrn0g04", "xcsn0g01", "xd0n2c08", "xd3n2c08", "xd9n2c08",
        "xdtn0g01", "xhdn0g08", "xlfn0g04", "xs1n0g01", "xs2n0g01", "xs4n0g01", "xs7n0g01",
    ]

    static func decode(_ path: String) throws -> LibPNG.Decoded {
        let bytes = try FileSystem.readAll(path: fixtures + "/" + path, limit: 1 << 20)
        return try bytes.withUnsafeBytes { try LibPNG.decode($0, name: path) }
    }

    /// The samples as the digests cover them: bytes, 16-bit ones big-endian.
    static func digestBytes(_ samples: LibPNG.Samples) -> [UInt8] {
        switch samples {
        case .eight(let values): return values
        case .sixteen(let values): return values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }
    }

    static func values(_ samples: LibPNG.Samples) -> (values: [Int], max: Float) {
        switch samples {
        case .eight(let v): return (v.map(Int.init), 255)
        case .sixteen(let v): return (v.map(Int.init), 65_535)
        }
    }

    @Test("the SHA-256 used for the digests gives FIPS 180-4's example digests")
    func sha256Examples() {
        #expect(sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("expected.tsv lists every valid PngSuite image and the PIL-made ones")
    func everyValidImageIsListed() {
        let listed = Set(Self.expectations.map(\.path))
        let suite = directoryEntries(Self.fixtures + "/PngSuite").filter { $0.hasSuffix(".png") }
        #expect(suite.count == 174)   // 160 valid, 14 corrupt
        for name in suite where !name.hasPrefix("x") {
            #expect(listed.contains("PngSuite/" + name), "\(name) has no expectation")
        }
        #expect(Set(suite.filter { $0.hasPrefix("x") }) == Set(Self.corruptNames.map { $0 + ".png" }))
        #expect(listed.isSuperset(of: ["Made/gama100-gray8.png", "Made/gama050-rgb8.png", "Made/gray16.png", "Made/gama100-gray16.png"]))
    }

    @Test("each valid image decodes to the independent decoders' samples, exactly", arguments: expectations)
    func decodesExactly(_ expected: Expectation) throws {
        let decoded = try Self.decode(expected.path)
        #expect(decoded.width == expected.width && decoded.height == expected.height)
        #expect(decoded.channels == expected.channels)
        #expect(decoded.samples.bitDepth == expected.depth)
        #expect(sha256Hex(Self.digestBytes(decoded.samples)) == expected.sha256)

        // The public reader scales those samples by 1/(2^depth − 1) and drops alpha.
        let image = try readPNG(path: Self.fixtures + "/" + expected.path, color: true)
        let (values, maxValue) = Self.values(decoded.samples)
        let colour = decoded.hasColor ? 3 : 1
        let scaled = (0..<(decoded.width * decoded.height)).flatMap { i in
            (0..<3).map { c in Float(values[i * decoded.channels + min(c, colour - 1)]) / maxValue }
        }
        #expect(image.pixels == scaled)
    }

    @Test("every corrupt PngSuite image is refused with a one-line PNGError", arguments: corruptNames)
    func corruptIsRefused(_ name: String) {
        do {
            let image = try readPNG(path: Self.fixtures + "/PngSuite/\(name).png", color: true)
            Issue.record("\(name) decoded to \(image.width)x\(image.height)")
        } catch let error as PNGError {
            let text = error.description
            #expect(text.hasPrefix(Self.fixtures + "/PngSuite/\(name).png: "))
            #expect(!text.contains("\n"), "\(text)")
            switch error {
            case .notPNG, .corrupt: break
            default: Issue.record("\(name): unexpected \(error)")
            }
        } catch {
            Issue.record("\(name): not a PNGError: \(error)")
        }
    }

    @Test("the fixtures cover every colour type and bit depth, interlaced and not, palettes and tRNS")
    func coverage() throws {
        var seen = Set<String>()
        for expected in Self.expectations where expected.path.hasPrefix("PngSuite/") {
            let decoded = try Self.decode(expected.path)
            seen.insert("\(decoded.fileColorType)/\(decoded.fileBitDepth)/\(decoded.interlaced ? "i" : "n")")
            if decoded.fileColorType == 0 || decoded.fileColorType == 2 || decoded.fileColorType == 3, decoded.hasAlpha {
                seen.insert("tRNS \(decoded.fileColorType)")
            }
        }
        let valid: [(Int, [Int])] = [(0, [1, 2, 4, 8, 16]), (2, [8, 16]), (3, [1, 2, 4, 8]), (4, [8, 16]), (6, [8, 16])]
        for (type, depths) in valid {
            for depth in depths {
                for interlace in ["n", "i"] {
                    #expect(seen.contains("\(type)/\(depth)/\(interlace)"), "colour type \(type), \(depth) bits, \(interlace)")
                }
            }
            if type <= 3 { #expect(seen.contains("tRNS \(type)"), "tRNS on colour type \(type)") }
        }
    }

    @Test("gAMA 1.0 and 0.5 do not change stored values (stored 32 reads 32/255, not 99/255)")
    func gammaIgnored() throws {
        let ramp = try readPNG(path: Self.fixtures + "/Made/gama100-gray8.png", color: false)
        #expect(ramp.pixels == (0...255).map { Float($0) / 255 })
        #expect(ramp.pixels[32] == 32 / 255 as Float)
        let rgb = try readPNG(path: Self.fixtures + "/Made/gama050-rgb8.png", color: true)
        let stored: Float = 32 / 255
        #expect(Array(rgb.pixels.prefix(3)) == [stored, stored, stored])
    }

    @Test("16-bit samples keep full precision: v / 65535, not cut to 8 bits")
    func sixteenBitsKept() throws {
        let written: [UInt16] = [0, 1, 32 * 257, 65_535]
        let expected = written.map { Float($0) / 65_535 }
        for name in ["gray16.png", "gama100-gray16.png"] {
            let image = try readPNG(path: Self.fixtures + "/Made/" + name, color: false)
            #expect(Array(image.pixels.prefix(4)) == expected, "\(name)")
        }
    }
}
