import TensorStream

/// Fuzz target `npz`: a `.npz` (ZIP) archive decoded by `NPZ.decode`, every member through
/// `NPY.decode`. The custom mutator re-signs each member's CRC-32 and uncompressed size
/// (local header and central directory) after each mutation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPZ(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzOne(data, size) { bytes in
        _ = try NPZ.decode(bytes, source: "fuzz.npz").tensors.count
    }
}

@_cdecl("LLVMFuzzerCustomMutator")
public func mutateNPZ(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    mutateAndResign(data, size, maxSize, seed) { Resign.zip($0, $1) }
}
