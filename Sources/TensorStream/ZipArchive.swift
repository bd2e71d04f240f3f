/// The little of ZIP that `.npz` needs: reading stored or deflated members (with ZIP64 sizes,
/// as NumPy writes them) and writing deflated members.
enum ZipArchive {
    struct Member {
        var name: String
        var bytes: [UInt8]
    }

    /// Every member of the archive, in central-directory order, CRC-checked.
    static func read(_ data: [UInt8], source: String) throws -> [Member] {
        func bad(_ detail: String) -> StreamError { .badNumpy(source: source, detail: "corrupt .npz: \(detail)") }
        // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
        let eocdSignature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        guard data.count >= 22 else { throw bad("too short") }
        var eocd = -1
        var i = data.count - 22
        let lowest = max(0, data.count - 22 - 65_535)
        while i >= lowest {
            if data[i] == 0x50 && Array(data[i..<(i + 4)]) == eocdSignature { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw bad("no end of central directory (truncated?)") }
        var end = ByteCursor(bytes: data, position: eocd + 10)
        var entryCount = UInt64(end.uint16()!)
        _ = end.uint32()
        var directoryOffset = UInt64(end.uint32()!)
        if entryCount == 0xFFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the locator just before the record points at the ZIP64 end record.
            guard eocd >= 20 else { throw bad("missing ZIP64 locator") }
            var locator = ByteCursor(bytes: data, position: eocd - 20)
            guard locator.uint32() == 0x0706_4B50 else { throw bad("missing ZIP64 locator") }
            _ = locator.uint32()
            guard let recordOffset = locator.uint64(), recordOffset <= UInt64(data.count) &- 56, data.count >= 56 else {
                throw bad("bad ZIP64 locator")
            }
            var record = ByteCursor(bytes: data, position: Int(recordOffset))
            guard record.uint32() == 0x0606_4B50 else { throw bad("bad ZIP64 end record") }
            record.position += 8 + 2 + 2 + 4 + 4 + 8
            entryCount = record.uint64()!
            _ = record.uint64()
            directoryOffset = record.uint64()!
        }
        guard directoryOffset < UInt64(data.count), entryCount < 1_000_000 else { throw bad("bad central directory") }
        var directory = ByteCursor(bytes: data, position: Int(directoryOffset))
        var members: [Member] = []
        for _ in 0..<entryCount {
            guard directory.uint32() == 0x0201_4B50 else { throw bad("bad central directory entry") }
            directory.position += 4
            guard let flags = directory.uint16(), let method = directory.uint16() else { throw bad("cut short") }
            directory.position += 4
            guard let crc = directory.uint32(), let compressed32 = directory.uint32(), let size32 = directory.uint32(),
                  let nameLength = directory.uint16(), let extraLength = directory.uint16(),
                  let commentLength = directory.uint16() else { throw bad("cut short") }
            directory.position += 8
            guard let offset32 = directory.uint32(), let nameBytes = directory.bytes(Int(nameLength)),
                  let extra = directory.bytes(Int(extraLength)), directory.bytes(Int(commentLength)) != nil else {
                throw bad("cut short")
            }
            guard flags & 1 == 0 else { throw bad("encrypted member") }
            var size = UInt64(size32), compressed = UInt64(compressed32), offset = UInt64(offset32)
            var extraCursor = ByteCursor(bytes: Array(extra))
            while let tag = extraCursor.uint16(), let length = extraCursor.uint16() {
                guard let field = extraCursor.bytes(Int(length)) else { break }
                guard tag == 1 else { continue }
                var zip64 = ByteCursor(bytes: Array(field))
                if size32 == 0xFFFF_FFFF { size = zip64.uint64() ?? size }
                if compressed32 == 0xFFFF_FFFF { compressed = zip64.uint64() ?? compressed }
                if offset32 == 0xFFFF_FFFF { offset = zip64.uint64() ?? offset }
            }
            var local = ByteCursor(bytes: data, position: Int(min(offset, UInt64(data.count))))
            guard local.uint32() == 0x0403_4B50 else { throw bad("bad local header") }
            local.position += 22
            guard let localName = local.uint16(), let localExtra = local.uint16() else { throw bad("cut short") }
            let start = UInt64(local.position) + UInt64(localName) + UInt64(localExtra)
            let (end, overflow) = start.addingReportingOverflow(compressed)
            guard !overflow, end <= UInt64(data.count), size <= FrameFormat.maxPayloadBytes else {
                throw bad("member runs past the end of the file")
            }
            let stored = data[Int(start)..<Int(end)]
            let name = String(decoding: nameBytes, as: UTF8.self)
            let bytes: [UInt8]
            switch method {
            case 0: bytes = Array(stored)
            case 8: bytes = try Zlib.inflateRaw(stored, expectedSize: Int(size), source: source)
            default: throw bad("member '\(name)' uses compression method \(method) (only stored and deflate)")
            }
            guard bytes.count == Int(size), Zlib.crc32(bytes) == crc else { throw bad("member '\(name)' fails its CRC-32") }
            members.append(Member(name: name, bytes: bytes))
        }
        return members
    }

    static func tooLarge(_ member: Member) -> StreamError {
        .cannotWrite(detail: ".npz archives over 4 GiB are not supported ('\(member.name)' has \(member.bytes.count) bytes); write a stream, or split the data with --batch-size")
    }

    /// A ZIP archive of deflated members (no ZIP64: each member and the whole under 4 GiB).
    static func write(_ members: [Member]) throws -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for member in members {
            // Checked before deflating: zlib counts input bytes in a UInt32.
            guard member.bytes.count < 0xFFFF_FFFF else { throw tooLarge(member) }
            let compressed = try Zlib.deflateRaw(member.bytes)
            let crc = Zlib.crc32(member.bytes)
            let name = Array(member.name.utf8)
            guard out.count + compressed.count < 0xFFFF_FFFF else { throw tooLarge(member) }
            let offset = UInt32(out.count)
            func common(_ into: inout [UInt8]) {
                into.appendLittleEndian(UInt16(20))       // version needed
                into.appendLittleEndian(UInt16(0))        // flags
                into.appendLittleEndian(UInt16(8))        // deflate
                into.appendLittleEndian(UInt16(0))        // time
                into.appendLittleEndian(UInt16(0x21))     // date: 1980-01-01
                into.appendLittleEndian(crc)
                into.appendLittleEndian(UInt32(compressed.count))
                into.appendLittleEndian(UInt32(member.bytes.count))
                into.appendLittleEndian(UInt16(name.count))
                into.appendLittleEndian(UInt16(0))        // extra length
            }
            out.appendLittleEndian(UInt32(0x0403_4B50))
            common(&out)
            out += name
            out += compressed
            directory.appendLittleEndian(UInt32(0x0201_4B50))
            directory.appendLittleEndian(UInt16(20))      // version made by
            common(&directory)
            directory.appendLittleEndian(UInt16(0))       // comment length
            directory.appendLittleEndian(UInt16(0))       // disk
            directory.appendLittleEndian(UInt16(0))       // internal attributes
            directory.appendLittleEndian(UInt32(0))       // external attributes
            directory.appendLittleEndian(offset)
            directory += name
        }
        let directoryOffset = UInt32(out.count)
        out += directory
        out.appendLittleEndian(UInt32(0x0605_4B50))
        out.appendLittleEndian(UInt16(0))
        out.appendLittleEndian(UInt16(0))
        out.appendLittleEndian(UInt16(members.count))
        out.appendLittleEndian(UInt16(members.count))
        out.appendLittleEndian(UInt32(directory.count))
        out.appendLittleEndian(directoryOffset)
        out.appendLittleEndian(UInt16(0))
        return out
    }
}
