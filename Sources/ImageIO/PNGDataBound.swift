/// Refuses a PNG whose header declares more image data than its `IDAT` chunks can hold, before
/// the decoder allocates the image: deflate inflates at most 1032:1 (zlib's documented limit),
/// so a 54-byte file declaring 3 x 67 million 16-bit pixels is corrupt or truncated and must
/// not cost 400 MB first. Chunks are walked as stored; anything malformed is left for libpng
/// to report, since this check only ever refuses what no valid file can be.
func checkDeclaredSizeFitsData(_ data: [UInt8], name: String) throws {
    func word(_ at: Int) -> Int {
        Int(data[at]) << 24 | Int(data[at + 1]) << 16 | Int(data[at + 2]) << 8 | Int(data[at + 3])
    }
    // Signature (8), then IHDR: length (4), type (4), width (4), height (4), depth, colour type.
    guard data.count >= 8 + 8 + 13, data[12...15].elementsEqual("IHDR".utf8) else { return }
    let width = word(16), height = word(20), depth = Int(data[24])
    let channelsByColourType: [Int: Int] = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4]
    guard let channels = channelsByColourType[Int(data[25])], [1, 2, 4, 8, 16].contains(depth) else { return }
    // The smallest raw size (no interlacing): per row a filter byte and the packed samples.
    let (bits, overflow1) = width.multipliedReportingOverflow(by: channels * depth)
    let (raw, overflow2) = height.multipliedReportingOverflow(by: (bits + 7) / 8 + 1)
    // Past the pixel limit the header alone is refused, as too large (by the decoder).
    guard !overflow1, !overflow2, width.multipliedReportingOverflow(by: height).partialValue <= pngMaxPixels else { return }
    var compressed = 0
    var offset = 8
    while offset + 8 <= data.count {
        let length = word(offset)
        let isData = data[(offset + 4)..<(offset + 8)].elementsEqual("IDAT".utf8)
        let available = min(length, data.count - offset - 8)
        if isData { compressed += available }
        offset += 12 + available
    }
    if raw > compressed * 1032 + 1024 {  // compressed ≤ 1 GiB (the file limit): no overflow
        throw PNGError.dataTooShort(name: name, width: width, height: height, rawBytes: raw, compressedBytes: compressed)
    }
}
