extension Planes {
    /// The bilinear interpolation of `channel` at the real position (`y`, `x`) (pixel centres
    /// at whole numbers), with zeros outside the image: a position half a pixel past the edge
    /// gets half the edge pixel.
    func bilinear(_ channel: Int, y: Double, x: Double) -> Float {
        let y0 = Int(y.rounded(.down)), x0 = Int(x.rounded(.down))
        let fy = Float(y - Double(y0)), fx = Float(x - Double(x0))
        func at(_ row: Int, _ column: Int) -> Float {
            row >= 0 && row < height && column >= 0 && column < width ? self[channel, row, column] : 0
        }
        let top = at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx
        let bottom = at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }
}
