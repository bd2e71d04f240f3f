/// The body of every `LLVMFuzzerTestOneInput`: runs `parse` on a copy of the input; a thrown
/// error is the expected outcome for most inputs and is only rendered (its message is code
/// too). Anything else (a trap, an ASan report, an allocation over the limit) is a finding.
func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int, _ parse: ([UInt8]) throws -> Void) -> Int32 {
    do {
        try parse(Array(UnsafeBufferPointer(start: data, count: size)))
    } catch {
        _ = "\(error)"
    }
    return 0
}
