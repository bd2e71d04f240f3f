extension Planes {
    /// The `height`x`width` window whose top-left pixel is (`top`, `left`), enlarged (or
    /// shrunk) back to the image's size by bilinear interpolation with pixel centres aligned
    /// as OpenCV's and PIL's resize do (`source = (y + ½)·h/H − ½`, clamped to the window).
    /// A window of the whole image gives the image back.
    /// - Precondition: the window lies inside the image.
    public func croppedAndResized(top: Int, left: Int, height windowHeight: Int, width windowWidth: Int) -> Planes {
        precondition(top >= 0 && left >= 0 && windowHeight >= 1 && windowWidth >= 1
                     && top + windowHeight <= height && left + windowWidth <= width, "croppedAndResized: window outside the image")
        let scaleY = Double(windowHeight) / Double(height), scaleX = Double(windowWidth) / Double(width)
        var out = Planes(zerosLike: shape)
        for y in 0..<height {
            let sourceY = Double(top) + min(max((Double(y) + 0.5) * scaleY - 0.5, 0), Double(windowHeight - 1))
            for x in 0..<width {
                let sourceX = Double(left) + min(max((Double(x) + 0.5) * scaleX - 0.5, 0), Double(windowWidth - 1))
                for channel in 0..<channels { out[channel, y, x] = bilinear(channel, y: sourceY, x: sourceX) }
            }
        }
        return out
    }
}
