/// Rebuilds patches whole from their known values: each patch is coded by
/// `MaskedOMP.codeWithOffsets` on its known values (atoms plus a free constant per channel,
/// since the patch's mean over all its pixels is unknown) and comes back as z·D + c, the
/// missing values filled in.
///
/// Patches are rows of `features` values in (y, x, channel) order, `channels` interleaved,
/// as `patchify` makes them. The error target of a patch with k known values is
/// k · `errorPerValue` (K-SVD's n (Cσ)², counted on the known values only).
public struct PatchInpainter: Sendable {
    public let encoder: MaskedOMP
    public let channels: Int
    /// The squared residual allowed per known value, (Cσ)².
    public let errorPerValue: Double
    /// The most atoms per patch.
    public let maxAtoms: Int

    public init(encoder: MaskedOMP, channels: Int, errorPerValue: Double, maxAtoms: Int) {
        precondition(channels >= 1 && encoder.features % channels == 0, "PatchInpainter: features must be a whole number of pixels")
        precondition(errorPerValue >= 0 && maxAtoms >= 1 && maxAtoms <= encoder.features, "PatchInpainter: bad error target or atom count")
        self.encoder = encoder
        self.channels = channels
        self.errorPerValue = errorPerValue
        self.maxAtoms = maxAtoms
    }

    /// - Parameters:
    ///   - values: patches `[rows, features]`; missing values may hold anything.
    ///   - known: `[rows, features]`, true where the value is known.
    /// - Returns: the rebuilt patches `[rows, features]`, and per row whether it was coded (a
    ///   row without a known value in some channel is not: its patch is zeros).
    /// - Complexity: rows · the masked OMP's cost; rows run on all processors.
    public func rebuild(_ values: [Float], known: [Bool]) -> (patches: [Float], coded: [Bool]) {
        let features = encoder.features
        precondition(values.count == known.count && values.count % features == 0, "PatchInpainter: values and mask differ in shape")
        let rows = values.count / features
        var patches = [Float](repeating: 0, count: values.count)
        var coded = [Bool](repeating: false, count: rows)
        patches.withUnsafeMutableBufferPointer { patches in
            coded.withUnsafeMutableBufferPointer { coded in
                forEachRange(rows, parts: processorCount, granularity: 16) { range in
                    for row in range {
                        let base = row * features
                        let mask = known[base..<(base + features)]
                        let knownCount = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
                        guard let (code, offsets) = encoder.codeWithOffsets(
                            values[base..<(base + features)], known: mask, channels: channels,
                            errorTarget: Double(knownCount) * errorPerValue, maxAtoms: maxAtoms) else { continue }
                        for i in 0..<features { patches[base + i] = offsets[i % channels] }
                        for (atom, weight) in code.enumerated() where weight != 0 {
                            for i in 0..<features { patches[base + i] += weight * encoder.dictionary[atom * features + i] }
                        }
                        coded[row] = true
                    }
                }
            }
        }
        return (patches, coded)
    }
}
