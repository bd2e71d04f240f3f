import TensorStream

/// Fuzz target `npy`: a `.npy` file's bytes decoded by `NPY.decode` (no checksum to re-sign).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzOne(data, size) { bytes in
        let tensor = try NPY.decode(bytes[...], source: "fuzz.npy")
        _ = NPY.encode(tensor).count
    }
}
