import ImageIO

/// Fuzz target `png`: a PNG file's bytes decoded by `readPNG(data:name:color:)` (libpng and
/// ImageIO's conversion), in colour or grey by the input's length parity. The custom mutator
/// re-signs every chunk's CRC-32 after each mutation, so libpng's own CRC checks stay on.
///
/// With `FUZZ_SKIP_HUGE=1`, inputs whose IHDR declares more than `maxFuzzedPixels` pixels are
/// skipped: before issue 9 `readPNG` allocated and zeroed the whole image before libpng read
/// the data (seconds per input under ASan), which drowned every other mutation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    if skipHugeDeclarations && size >= 24 {
        let width = Int(Resign.readBE32(UnsafeMutablePointer(mutating: data), 16))
        let height = Int(Resign.readBE32(UnsafeMutablePointer(mutating: data), 20))
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || pixels > maxFuzzedPixels { return -1 }
    }
    return fuzzOne(data, size) { bytes in
        _ = try readPNG(data: bytes, name: "fuzz.png", color: size % 2 == 1).pixels.count
    }
}

@_cdecl("LLVMFuzzerCustomMutator")
public func mutatePNG(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    mutateAndResign(data, size, maxSize, seed) { Resign.png($0, $1) }
}

/// Largest image (width × height from IHDR) the target decodes: 4 Mpixels.
let maxFuzzedPixels = 1 << 22
