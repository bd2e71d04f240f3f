/// Planes stored channel-major `[count, channels, height, width]` (convolution kernels, image
/// frames) as channel-last rows `[count, height·width·channels]` (patches, atoms, PNG pixels).
public func channelLastLayout(_ values: [Float], count: Int, channels: Int, height: Int, width: Int) -> [Float] {
    let plane = height * width, size = channels * plane
    precondition(values.count == count * size, "channelLastLayout: \(values.count) values is not \(count) x \(channels)x\(height)x\(width)")
    guard channels > 1 else { return values }
    var out = [Float](repeating: 0, count: values.count)
    for item in 0..<count {
        for channel in 0..<channels {
            for pixel in 0..<plane {
                out[item * size + pixel * channels + channel] = values[item * size + channel * plane + pixel]
            }
        }
    }
    return out
}
