extension Image {
    /// The samples as planes, `[channels, height, width]` (CHW): how image frames store them.
    public var planarSamples: [Float] {
        let plane = width * height
        var planes = [Float](repeating: 0, count: pixels.count)
        for c in 0..<channels {
            for i in 0..<plane { planes[c * plane + i] = pixels[i * channels + c] }
        }
        return planes
    }

    /// An image from planes `[channels, height, width]` (CHW), `planes.count == channels · height · width`.
    public init(planes: [Float], channels: Int, height: Int, width: Int) {
        precondition(planes.count == channels * height * width, "\(planes.count) samples for \(channels)x\(height)x\(width) planes")
        let plane = width * height
        var pixels = [Float](repeating: 0, count: planes.count)
        for c in 0..<channels {
            for i in 0..<plane { pixels[i * channels + c] = planes[c * plane + i] }
        }
        self.init(width: width, height: height, channels: channels, pixels: pixels)
    }
}
