import TensorStream
import TensorCore

/// Fuzz target `frame_reader`: a latentpipe stream read to the end with `FrameReader` over a
/// `ByteSource` (the input is written to a temporary file descriptor first). The custom
/// mutator re-signs the header and payload CRC-32 of every frame after each mutation, and
/// half the time first sets the payload length to what the mutated header declares.
///
/// With `FUZZ_SKIP_HUGE=1`, inputs where a frame declares a payload more than
/// `maxMissingPayload` bytes beyond the end of the input are skipped: before issue 9 the
/// reader allocated and zeroed the declared payload (up to 4 GiB) before it found the stream
/// truncated, so almost every such mutation cost seconds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    if skipHugeDeclarations && declaresMissingPayload(data, size) { return -1 }
    let fd = MemoryFile.holding(UnsafeRawBufferPointer(start: data, count: size))
    let reader = FrameReader(source: ByteSource(descriptor: fd, name: "fuzz"))
    return fuzzOne(data, 0) { _ in
        while let frame = try reader.next() {
            // Touch what a tool would: every tensor's shape and element count, every attribute.
            for entry in frame.tensors { _ = entry.tensor.shape.reduce(0, +) &+ entry.tensor.count }
            _ = frame.attributes.count
        }
    }
}

@_cdecl("LLVMFuzzerCustomMutator")
public func mutateFrameStream(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    mutateAndResign(data, size, maxSize, seed) { Resign.stream($0, $1, fixPayloadLength: seed & 32 != 0) }
}

/// Largest payload shortfall (declared minus present) that the target still runs.
let maxMissingPayload: UInt64 = 16 << 20

/// Whether some frame's prelude declares a payload that overruns the input by more than
/// `maxMissingPayload` (frames walked by their declared lengths, as the reader would).
func declaresMissingPayload(_ data: UnsafePointer<UInt8>, _ size: Int) -> Bool {
    let base = UnsafeMutablePointer(mutating: data)
    var frame = 0
    while frame + 24 <= size {
        let headerLength = UInt64(Resign.readLE(base, frame + 8, UInt32.self))
        let payloadLength = Resign.readLE(base, frame + 16, UInt64.self)
        let remaining = UInt64(size - frame - 24)
        guard headerLength <= remaining else { return false }
        let (end, overflow) = (headerLength + 4).addingReportingOverflow(payloadLength)
        if overflow || end > remaining { return end &- remaining > maxMissingPayload || overflow }
        frame += 24 + Int(end)
    }
    return false
}
