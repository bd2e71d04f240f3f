#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import ImageIO
import TensorCore

/// Reading every PNG colour type, with files assembled by `HandPNG` (independent of libpng)
/// and expected values computed here from the PNG specification.
@Suite("PNG reading: colour types and bit depths")
struct PNGReadFormatsTests {
    static let width = 5, height = 3

    /// `count` random bytes for a fixed seed.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in UInt8(generator.below(256)) }
    }

    /// Rec.601 luma of stored 8-bit values, in Double, scaled to [0, 1].
    static func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Double {
        (0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)) / 255
    }

    /// Stored 8-bit values as the reader should return them: v / 255.
    static func scaled(_ bytes: [UInt8]) -> [Float] { bytes.map { Float($0) / 255 } }

    /// Gray values replicated to three channels.
    static func replicated(_ values: [Float]) -> [Float] { values.flatMap { [$0, $0, $0] } }

    static func expectClose(_ actual: [Float], _ expected: [Double], tolerance: Double = 1e-6,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        let worst = zip(actual, expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst <= tolerance, "largest difference \(worst)", sourceLocation: sourceLocation)
    }

    @Test("8-bit gray: v/255 exactly, replicated to 3 channels for colour")
    func gray8() throws {
        let samples = Self.bytes(Self.width * Self.height, seed: 1)
        let png = HandPNG.png(width: Self.width, height: Self.height, bitDepth: 8, colorType: .gray,
                              rows: HandPNG.rows(samples, height: Self.height))
        let gray = try readPNG(data: png, name: "g8", color: false)
        #expect(gray.width == Self.width && gray.height == Self.height && gray.channels == 1)
        #expect(gray.pixels == Self.scaled(samples))
        let color = try readPNG(data: png, name: "g8", color: true)
        #expect(color.pixels == Self.replicated(Self.scaled(samples)))
    }

    @Test("1-, 2- and 4-bit gray are scaled to the full range: v·255/(2^d − 1)", arguments: [1, 2, 4])
    func grayLowDepth(depth: Int) throws {
        let maxValue = (1 << depth) - 1
        var generator = SeededGenerator(seed: UInt64(depth))
        let width = 11   // not a multiple of the samples per byte: exercises row padding
        let samples = (0..<(width * Self.height)).map { _ in UInt8(generator.below(maxValue + 1)) }
        let rows = HandPNG.rows(samples, height: Self.height).map { HandPNG.packBits($0, depth: depth) }
        let png = HandPNG.png(width: width, height: Self.height, bitDepth: UInt8(depth),
                              colorType: .gray, rows: rows)
        let image = try readPNG(data: png, name: "low", color: false)
        #expect(image.pixels == samples.map { Float(Int($0) * (255 / maxValue)) / 255 })
    }

    @Test("16-bit gray: stored values kept (no linear-to-sRGB curve); v·257 reads v/255")
    func gray16() throws {
        // Values v·257 are exact 8-bit values scaled to 16 bits: v·257/65535 is v/255.
        let eight = Self.bytes(Self.width * Self.height, seed: 2)
        let samples = eight.map { UInt16($0) * 257 }
        let png = HandPNG.png(width: Self.width, height: Self.height, bitDepth: 16, colorType: .gray,
                              rows: HandPNG.rows(samples, height: Self.height).map(HandPNG.pack16))
        let image = try readPNG(data: png, name: "g16", color: false)
        #expect(image.pixels == Self.scaled(eight))
    }

    @Test("16-bit gray, every value: v/65535 at full precision, not cut to 8 bits")
    func gray16Arbitrary() throws {
        // Every 16-bit value once: a 256 × 256 image.
        let samples = (0..<65_536).map { UInt16($0) }
        let png = HandPNG.png(width: 256, height: 256, bitDepth: 16, colorType: .gray,
                              rows: HandPNG.rows(samples, height: 256).map(HandPNG.pack16))
        let image = try readPNG(data: png, name: "g16", color: false)
        #expect(image.pixels == samples.map { Float($0) / 65_535 })
        #expect(Set(image.pixels).count == 65_536)
    }

    @Test("gAMA (1/2.2, 1.0, 0.5) and sRGB chunks leave stored values unchanged, 8 and 16 bits")
    func gammaChunks() throws {
        let samples: [UInt8] = [0, 32, 64, 128, 200, 255]
        let chunks: [(String, [UInt8])] = [("gAMA", HandPNG.bigEndian32(45_455)), ("gAMA", HandPNG.bigEndian32(100_000)),
                                           ("gAMA", HandPNG.bigEndian32(50_000)), ("sRGB", [0])]
        for chunk in chunks {
            let png = HandPNG.png(width: 6, height: 1, bitDepth: 8, colorType: .gray, rows: [samples],
                                  extraChunks: [chunk])
            #expect(try readPNG(data: png, name: "g", color: false).pixels == Self.scaled(samples), "\(chunk)")
            let wide = samples.map { UInt16($0) * 256 + 7 }   // not 8-bit values scaled by 257
            let png16 = HandPNG.png(width: 6, height: 1, bitDepth: 16, colorType: .rgb,
                                    rows: [HandPNG.pack16(wide.flatMap { [$0, $0, $0] })], extraChunks: [chunk])
            let expected: [Float] = wide.flatMap { value -> [Float] in
                let v = Float(value) / 65_535
                return [v, v, v]
            }
            #expect(try readPNG(data: png16, name: "g", color: true).pixels == expected, "16-bit \(chunk)")
        }
    }

    @Test("gray + alpha (8 and 16 bit): the alpha channel is dropped, gray kept as stored")
    func grayAlpha() throws {
        let gray = Self.bytes(Self.width * Self.height, seed: 4)
        var alpha = Self.bytes(Self.width * Self.height, seed: 5)
        alpha[0] = 0; alpha[1] = 255; alpha[2] = 1
        let interleaved = zip(gray, alpha).flatMap { [$0, $1] }
        let png8 = HandPNG.png(width: Self.width, height: Self.height, bitDepth: 8, colorType: .grayAlpha,
                               rows: HandPNG.rows(interleaved, height: Self.height))
        #expect(try readPNG(data: png8, name: "ga8", color: false).pixels == Self.scaled(gray))

        let wide = interleaved.map { UInt16($0) * 257 }
        let png16 = HandPNG.png(width: Self.width, height: Self.height, bitDepth: 16, colorType: .grayAlpha,
                                rows: HandPNG.rows(wide, height: Self.height).map(HandPNG.pack16))
        #expect(try readPNG(data: png16, name: "ga16", color: false).pixels == Self.scaled(gray))
    }

    @Test("8-bit RGB: colour exact; gray is Rec.601 luma of the stored values")
    func rgb8() throws {
        let samples = Self.bytes(Self.width * Self.height * 3, seed: 6)
        let png = HandPNG.png(width: Self.width, height: Self.height, bitDepth: 8, colorType: .rgb,
                              rows: HandPNG.rows(samples, height: Self.height))
        let color = try readPNG(data: png, name: "rgb", color: true)
        #expect(color.channels == 3)
        #expect(color.pixels == Self.scaled(samples))
        let gray = try readPNG(data: png, name: "rgb", color: false)
        #expect(gray.channels == 1)
        let expected = (0..<(Self.width * Self.height)).map {
            Self.luma(samples[3 * $0], samples[3 * $0 + 1], samples[3 * $0 + 2])
        }
        Self.expectClose(gray.pixels, expected)
    }

    @Test("luma weights on pure primaries: 0.299, 0.587, 0.114; white stays 1")
    func lumaPrimaries() throws {
        let samples: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]
        let png = HandPNG.png(width: 4, height: 1, bitDepth: 8, colorType: .rgb, rows: [samples])
        Self.expectClose(try readPNG(data: png, name: "rgb", color: false).pixels, [0.299, 0.587, 0.114, 1])
    }

    @Test("16-bit RGB: stored values kept; v·257 reads v/255")
    func rgb16() throws {
        let eight = Self.bytes(Self.width * Self.height * 3, seed: 7)
        let png = HandPNG.png(width: Self.width, height: Self.height, bitDepth: 16, colorType: .rgb,
                              rows: HandPNG.rows(eight.map { UInt16($0) * 257 }, height: Self.height)
                                .map(HandPNG.pack16))
        #expect(try readPNG(data: png, name: "rgb16", color: true).pixels == Self.scaled(eight))
    }

    @Test("RGBA (8 and 16 bit): alpha ignored, even fully transparent pixels keep their colour")
    func rgba() throws {
        let rgb = Self.bytes(Self.width * Self.height * 3, seed: 8)
        var alpha = Self.bytes(Self.width * Self.height, seed: 9)
        alpha[0] = 0; alpha[1] = 0; alpha[2] = 128
        var interleaved: [UInt8] = []
        for i in 0..<(Self.width * Self.height) { interleaved += rgb[(3 * i)..<(3 * i + 3)] + [alpha[i]] }
        let png8 = HandPNG.png(width: Self.width, height: Self.height, bitDepth: 8, colorType: .rgba,
                               rows: HandPNG.rows(interleaved, height: Self.height))
        #expect(try readPNG(data: png8, name: "rgba", color: true).pixels == Self.scaled(rgb))
        let expectedGray = (0..<(Self.width * Self.height)).map { Self.luma(rgb[3 * $0], rgb[3 * $0 + 1], rgb[3 * $0 + 2]) }
        Self.expectClose(try readPNG(data: png8, name: "rgba", color: false).pixels, expectedGray)

        let png16 = HandPNG.png(width: Self.width, height: Self.height, bitDepth: 16, colorType: .rgba,
                                rows: HandPNG.rows(interleaved.map { UInt16($0) * 257 }, height: Self.height)
                                    .map(HandPNG.pack16))
        #expect(try readPNG(data: png16, name: "rgba16", color: true).pixels == Self.scaled(rgb))
    }

    @Test("palette (8-bit and 4-bit indices, with and without tRNS): PLTE colours looked up")
    func palette() throws {
        let palette: [(UInt8, UInt8, UInt8)] = [(0, 0, 0), (255, 255, 255), (200, 10, 30), (7, 130, 250), (90, 90, 90)]
        let plte = palette.flatMap { [$0.0, $0.1, $0.2] }
        var generator = SeededGenerator(seed: 10)
        let indices = (0..<(Self.width * Self.height)).map { _ in UInt8(generator.below(palette.count)) }
        let expectedColor = indices.flatMap { i in
            [palette[Int(i)].0, palette[Int(i)].1, palette[Int(i)].2].map { Float($0) / 255 }
        }
        let expectedGray = indices.map { i in Self.luma(palette[Int(i)].0, palette[Int(i)].1, palette[Int(i)].2) }

        for (depth, trns) in [(8, false), (8, true), (4, false)] {
            let rows = HandPNG.rows(indices, height: Self.height)
                .map { depth == 8 ? $0 : HandPNG.packBits($0, depth: depth) }
            var chunks: [(String, [UInt8])] = [("PLTE", plte)]
            if trns { chunks.append(("tRNS", [0, 128, 255, 0])) }   // alpha for the first 4 entries
            let png = HandPNG.png(width: Self.width, height: Self.height, bitDepth: UInt8(depth),
                                  colorType: .palette, rows: rows, extraChunks: chunks)
            let color = try readPNG(data: png, name: "pal", color: true)
            #expect(color.pixels == expectedColor, "depth \(depth), tRNS \(trns)")
            Self.expectClose(try readPNG(data: png, name: "pal", color: false).pixels, expectedGray)
        }
    }

    @Test("gray with a tRNS transparent value: the value is kept")
    func grayTRNS() throws {
        let samples: [UInt8] = [0, 17, 34, 255, 34, 99]
        let png = HandPNG.png(width: 3, height: 2, bitDepth: 8, colorType: .gray,
                              rows: HandPNG.rows(samples, height: 2), extraChunks: [("tRNS", [0, 34])])
        #expect(try readPNG(data: png, name: "trns", color: false).pixels == Self.scaled(samples))
    }

    @Test("the hand encoder's checksums match published values")
    func handChecksums() {
        #expect(HandPNG.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(HandPNG.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(HandPNG.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test("a hand-made PNG spanning several stored deflate blocks decodes")
    func multipleStoredBlocks() throws {
        let width = 300, height = 80          // 80 · (1 + 900) = 72 080 bytes > 65 535
        let samples = Self.bytes(width * height * 3, seed: 11)
        let png = HandPNG.png(width: width, height: height, bitDepth: 8, colorType: .rgb,
                              rows: HandPNG.rows(samples, height: height))
        #expect(try readPNG(data: png, name: "big", color: true).pixels == Self.scaled(samples))
    }
}
