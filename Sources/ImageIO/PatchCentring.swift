/// DC centring of patches, as `patchify` does and `unpatchify` undoes: each patch row of
/// `rowLength` values in (y, x, channel) order loses its mean per channel, kept as the patch's
/// `dc` `[rows, channels]`.

/// Subtracts each patch's mean per channel from `data` `[rows, rowLength]` in place and
/// returns the means `[rows, channels]` (float32 sums in row order, divided by the pixel count).
public func removePatchMeans(_ data: inout [Float], rows: Int, rowLength: Int, channels: Int) -> [Float] {
    var means = [Float](repeating: 0, count: rows * channels)
    let pixels = Float(rowLength / channels)
    for row in 0..<rows {
        let base = row * rowLength
        for c in 0..<channels {
            var sum: Float = 0
            for i in stride(from: c, to: rowLength, by: channels) { sum += data[base + i] }
            let mean = sum / pixels
            means[row * channels + c] = mean
            for i in stride(from: c, to: rowLength, by: channels) { data[base + i] -= mean }
        }
    }
    return means
}

/// Adds the means `[rows, channels]` back to the patches `data` `[rows, rowLength]` in place:
/// the inverse of `removePatchMeans` (up to float32 rounding).
public func addPatchMeans(_ means: [Float], to data: inout [Float], rows: Int, rowLength: Int, channels: Int) {
    for row in 0..<rows {
        for i in 0..<rowLength { data[row * rowLength + i] += means[row * channels + i % channels] }
    }
}
