import Foundation
import Testing
@testable import TensorCore
@testable import TensorStream

/// The fast CRC-32 against an independent bitwise CRC-32 (the textbook reflected algorithm),
/// on every length around the 16- and 64-byte block boundaries, at several alignments and
/// starting values.
struct ChecksumTests {
    static func bitwise(_ start: UInt32, _ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc = ~start
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    @Test func matchesTheBitwiseDefinition() {
        var generator = SeededGenerator(seed: 3)
        let data = (0..<2000).map { _ in UInt8(generator.below(256)) }
        for length in Array(0..<300) + [1000, 1999] {
            for offset in [0, 1, 7] where offset + length <= data.count {
                for start: UInt32 in [0, 0xDEAD_BEEF] {
                    let slice = data[offset..<(offset + length)]
                    let fast = slice.withUnsafeBytes { Zlib.crc32(start, $0) }
                    #expect(fast == Self.bitwise(start, slice), "length \(length) offset \(offset)")
                }
            }
        }
    }

    @Test func knownValue() {
        #expect(Zlib.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
