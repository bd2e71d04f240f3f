#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import ImageIO
import TensorCore

@Suite("PNG round trip")
struct PNGRoundTripTests {
    static let sizes: [(width: Int, height: Int)] = [(1, 1), (7, 13), (13, 7), (1, 9), (32, 5)]

    @Test("8-bit gray and RGB images survive encode then read bit-exactly", arguments: [1, 3])
    func roundTripInMemory(channels: Int) throws {
        for (index, size) in Self.sizes.enumerated() {
            let image = randomByteImage(width: size.width, height: size.height, channels: channels,
                                        seed: UInt64(100 * channels + index))
            let bytes = try encodePNG(image)
            let back = try readPNG(data: bytes, name: "mem", color: channels == 3)
            #expect(back == image, "\(size.width)x\(size.height)x\(channels)")
        }
    }

    @Test("the encoded stream is 8-bit gray or RGB per its IHDR")
    func headerFields() throws {
        for channels in [1, 3] {
            let image = randomByteImage(width: 7, height: 13, channels: channels, seed: 5)
            let bytes = try encodePNG(image)
            #expect(Array(bytes.prefix(8)) == HandPNG.signature)
            let chunks = HandPNG.chunks(in: bytes)
            #expect(chunks.first?.type == "IHDR")
            #expect(chunks.last?.type == "IEND")
            let ihdr = chunks[0].offset + 8
            #expect(Array(bytes[ihdr..<(ihdr + 8)]) == HandPNG.bigEndian32(7) + HandPNG.bigEndian32(13))
            #expect(bytes[ihdr + 8] == 8)                              // bit depth
            #expect(bytes[ihdr + 9] == (channels == 1 ? 0 : 2))        // colour type
        }
    }

    @Test("16-bit gray and RGB images survive encode then read bit-exactly", arguments: [1, 3])
    func roundTrip16(channels: Int) throws {
        var generator = SeededGenerator(seed: UInt64(channels))
        let pixels = (0..<(7 * 13 * channels)).map { _ in Float(generator.below(65_536)) / 65_535 }
        let image = Image(width: 7, height: 13, channels: channels, pixels: pixels)
        let bytes = try encodePNG(image, depth: .sixteen)
        let ihdr = HandPNG.chunks(in: bytes)[0].offset + 8
        #expect(bytes[ihdr + 8] == 16)                                 // bit depth
        #expect(bytes[ihdr + 9] == (channels == 1 ? 0 : 2))            // colour type
        #expect(try readPNG(data: bytes, name: "mem", color: channels == 3) == image)
    }

    @Test("16 bits keep what 8 bits lose: error at most 0.5/65535 against 0.5/255")
    func sixteenBitsPrecision() throws {
        let values: [Float] = [0.1, 0.123456, 0.5, 0.999, 1e-4, 0.3333333]
        let image = Image(width: values.count, height: 1, channels: 1, pixels: values)
        let eight = try readPNG(data: try encodePNG(image, depth: .eight), name: "8", color: false).pixels
        let sixteen = try readPNG(data: try encodePNG(image, depth: .sixteen), name: "16", color: false).pixels
        let error8 = zip(eight, values).map { abs($0 - $1) }.max()!
        let error16 = zip(sixteen, values).map { abs($0 - $1) }.max()!
        #expect(error16 <= 0.5 / 65_535 + 1e-7)
        #expect(error8 > 100 * error16)
        #expect(sixteen == values.map { (($0 * 65_535).rounded()) / 65_535 })
    }

    @Test("samples are clamped to [0, 1], rounded to the nearest 1/255, NaN written as 0")
    func quantization() throws {
        let values: [Float] = [-1, 2, .nan, 0.2, 0.5, 1.49 / 255, 1.51 / 255, .infinity, -.infinity]
        let image = Image(width: values.count, height: 1, channels: 1, pixels: values)
        let back = try readPNG(data: try encodePNG(image), name: "mem", color: false)
        let expected: [Float] = [0, 255, 0, 51, 128, 1, 2, 255, 0].map { $0 / 255 }
        #expect(back.pixels == expected)
    }

    @Test("a gray PNG read as colour is replicated to three equal channels")
    func channelConversion() throws {
        let gray = randomByteImage(width: 5, height: 4, channels: 1, seed: 9)
        let asColor = try readPNG(data: try encodePNG(gray), name: "mem", color: true)
        #expect(asColor.channels == 3)
        for i in 0..<20 {
            #expect(asColor.pixels[3 * i] == gray.pixels[i])
            #expect(asColor.pixels[3 * i + 1] == gray.pixels[i])
            #expect(asColor.pixels[3 * i + 2] == gray.pixels[i])
        }
    }

    @Test("encodePNG, written to a file, then readPNG(path:) round-trips")
    func roundTripThroughFile() throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let path = directory + "/out.png"
        let first = randomByteImage(width: 7, height: 13, channels: 3, seed: 1)
        try Data(try encodePNG(first, name: path)).write(to: URL(fileURLWithPath: path))
        #expect(try readPNG(path: path, color: true) == first)
    }
}
