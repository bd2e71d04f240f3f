import CZlib
#if canImport(Glibc)
import Glibc
#endif
import FuzzerHooks

/// Re-signing: after libFuzzer mutates an input, the checksums that guard each format are
/// recomputed (with zlib's `crc32`, independent of the project's CChecksum), so that the
/// mutation reaches the parser behind the check instead of dying at the CRC comparison.
/// Every function edits the buffer in place and never changes its length.
enum Resign {
    /// zlib's CRC-32 of `count` bytes at `start`.
    static func crc(_ base: UnsafeMutablePointer<UInt8>, _ start: Int, _ count: Int) -> UInt32 {
        UInt32(crc32(0, base + start, UInt32(count)))
    }

    static func readLE<T: FixedWidthInteger>(_ base: UnsafeMutablePointer<UInt8>, _ at: Int, _: T.Type) -> T {
        var value: T = 0
        for k in 0..<MemoryLayout<T>.size { value |= T(base[at + k]) << (8 * k) }
        return value
    }

    static func writeLE<T: FixedWidthInteger>(_ base: UnsafeMutablePointer<UInt8>, _ at: Int, _ value: T) {
        for k in 0..<MemoryLayout<T>.size { base[at + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
    }

    static func readBE32(_ base: UnsafeMutablePointer<UInt8>, _ at: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 << 8 | UInt32(base[at + $1]) }
    }

    static func writeBE32(_ base: UnsafeMutablePointer<UInt8>, _ at: Int, _ value: UInt32) {
        for k in 0..<4 { base[at + k] = UInt8(truncatingIfNeeded: value >> (8 * (3 - k))) }
    }

    // MARK: latentpipe stream (docs/stream-format.md)

    /// Walks the frames of a stream: for each, optionally sets the payload length P to what
    /// the header declares (so shape mutations do not all stop at the size check), then
    /// writes the header CRC (offset 12, over the H header bytes) and the payload CRC (after
    /// the P payload bytes). Stops at the first frame that does not fit in the buffer.
    static func stream(_ base: UnsafeMutablePointer<UInt8>, _ size: Int, fixPayloadLength: Bool) {
        var frame = 0
        while frame + 24 <= size {
            let headerLength = Int(readLE(base, frame + 8, UInt32.self))
            let headerStart = frame + 24
            guard headerLength <= size - headerStart else { return }
            if fixPayloadLength, let declared = declaredPayload(base + headerStart, headerLength) {
                writeLE(base, frame + 16, declared)
            }
            writeLE(base, frame + 12, crc(base, headerStart, headerLength))
            let payloadLength = readLE(base, frame + 16, UInt64.self)
            let payloadStart = headerStart + headerLength
            guard payloadLength <= UInt64(size - payloadStart), Int(payloadLength) + 4 <= size - payloadStart else { return }
            writeLE(base, payloadStart + Int(payloadLength), crc(base, payloadStart, Int(payloadLength)))
            frame = payloadStart + Int(payloadLength) + 4
        }
    }

    /// The payload size a header body declares (sum of element counts × sizes), or nil when
    /// the body cannot be walked or the size overflows.
    static func declaredPayload(_ header: UnsafeMutablePointer<UInt8>, _ length: Int) -> UInt64? {
        guard length >= 4 else { return nil }
        let tensors = Int(readLE(header, 0, UInt16.self))
        var at = 4
        var total: UInt64 = 0
        for _ in 0..<tensors {
            guard at < length else { return nil }
            at += 1 + Int(header[at])
            guard at + 2 <= length else { return nil }
            let elementSize: UInt64 = [1: 4, 2: 8, 3: 4, 4: 1][header[at]] ?? 1
            let rank = Int(header[at + 1])
            at += 2
            guard at + 8 * rank <= length else { return nil }
            var count: UInt64 = elementSize
            for d in 0..<rank {
                let (p, o) = count.multipliedReportingOverflow(by: readLE(header, at + 8 * d, UInt64.self))
                guard !o else { return nil }
                count = p
            }
            at += 8 * rank
            let (sum, o) = total.addingReportingOverflow(count)
            guard !o else { return nil }
            total = sum
        }
        return total
    }

    // MARK: PNG

    /// Walks the chunks after the 8-byte signature (length, type, data, CRC over type and
    /// data, all big-endian) and rewrites each CRC; stops at a chunk that overruns the buffer.
    static func png(_ base: UnsafeMutablePointer<UInt8>, _ size: Int) {
        var chunk = 8
        while chunk + 12 <= size {
            let length = Int(readBE32(base, chunk))
            guard length <= size - chunk - 12 else { return }
            writeBE32(base, chunk + 8 + length, crc(base, chunk + 4, 4 + length))
            chunk += 12 + length
        }
    }

    // MARK: ZIP (.npz)

    /// For each local file header (`PK\x03\x04`) found by walking the archive from the start:
    /// stored members get uncompressed size = compressed size and their CRC; deflated members
    /// are inflated (up to 16 MiB) and get the inflated size and CRC. The matching central
    /// directory entries (`PK\x01\x02` with the same local-header offset) get the same values.
    static func zip(_ base: UnsafeMutablePointer<UInt8>, _ size: Int) {
        var fixes: [(offset: UInt32, crc: UInt32, size: UInt32)] = []
        var local = 0
        while local + 30 <= size, readLE(base, local, UInt32.self) == 0x0403_4B50 {
            let method = readLE(base, local + 8, UInt16.self)
            let compressed = Int(readLE(base, local + 18, UInt32.self))
            let dataStart = local + 30 + Int(readLE(base, local + 26, UInt16.self)) + Int(readLE(base, local + 28, UInt16.self))
            guard dataStart <= size, compressed <= size - dataStart else { break }
            var fixed: (crc: UInt32, size: UInt32)?
            if method == 0 {
                fixed = (crc(base, dataStart, compressed), UInt32(compressed))
            } else if method == 8 {
                fixed = inflatedCRC(base + dataStart, compressed)
            }
            if let fixed {
                writeLE(base, local + 14, fixed.crc)
                writeLE(base, local + 22, fixed.size)
                fixes.append((UInt32(local), fixed.crc, fixed.size))
            }
            local = dataStart + compressed
        }
        guard !fixes.isEmpty else { return }
        var at = local
        while at + 46 <= size {
            if readLE(base, at, UInt32.self) == 0x0201_4B50,
               let fix = fixes.first(where: { $0.offset == readLE(base, at + 42, UInt32.self) }) {
                writeLE(base, at + 16, fix.crc)
                writeLE(base, at + 24, fix.size)
                at += 46
            } else {
                at += 1
            }
        }
    }

    /// CRC and size of raw-deflate data, or nil when it does not inflate to the end.
    static func inflatedCRC(_ input: UnsafeMutablePointer<UInt8>, _ count: Int) -> (crc: UInt32, size: UInt32)? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 1 << 16)
        var crcValue: UInt = 0
        var total = 0
        stream.next_in = input
        stream.avail_in = UInt32(count)
        while true {
            let (status, produced) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                let produced = out.count - Int(stream.avail_out)
                crcValue = crc32(crcValue, out.baseAddress, UInt32(produced))
                return (status, produced)
            }
            total += produced
            if status == Z_STREAM_END { return (UInt32(crcValue), UInt32(total)) }
            guard status == Z_OK, total < 1 << 24, produced > 0 || stream.avail_in > 0 else { return nil }
        }
    }
}

/// Calls libFuzzer's mutator on `data`, then `resign` unless `seed` picks the 1-in-16 case
/// where checksums are left as mutated (so the CRC-mismatch paths stay covered too).
func mutateAndResign(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32,
                     _ resign: (UnsafeMutablePointer<UInt8>, Int) -> Void) -> Int {
    let newSize = LLVMFuzzerMutate(data, size, maxSize)
    if seed % 16 != 0 { resign(data, newSize) }
    return newSize
}

/// True when `FUZZ_SKIP_HUGE=1`: the targets then skip inputs that declare far more bytes or
/// pixels than they hold. Before the readers bounded their allocations (issue 9) such inputs
/// cost seconds each and hid everything else; now they are refused at once and run by default.
let skipHugeDeclarations: Bool = getenv("FUZZ_SKIP_HUGE").map { String(cString: $0) == "1" } ?? false
