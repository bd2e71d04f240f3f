/// K-SVD denoising's closing step (Elad & Aharon 2006, the final averaging of their
/// algorithm, X = (λI + Σ RᵀR)⁻¹ (λY + Σ RᵀDα)): the image minimising λ‖X − Y‖² + Σ ‖R X − D α‖² over all patches is, per
/// pixel, a weighted mean of the observed pixel and the rebuilt patches covering it.
extension PatchAssembler {
    /// Each sample `(weight · observed + Σ patch values) / (weight + count)`, `count` the
    /// patches covering the pixel; a pixel no patch covers keeps the observed value.
    ///
    /// Elad & Aharon take `weight` = 30 / σ with σ the noise level on a 0–255 scale; with
    /// `weight` 0 this is `image()` on covered pixels.
    /// - Parameters:
    ///   - observed: the `height × width × channels` image the patches were cut from (the noisy one).
    ///   - weight: λ ≥ 0, the weight of the observed image against one patch.
    /// - Returns: a `height × width × channels` image.
    /// - Complexity: O(height · width · channels).
    public func image(blendedWith observed: Image, weight: Double) -> Image {
        precondition(observed.width == width && observed.height == height && observed.channels == channels,
                     "blended image is \(observed.width)x\(observed.height)x\(observed.channels), expected \(width)x\(height)x\(channels)")
        precondition(weight >= 0 && weight.isFinite, "blend weight must be finite and >= 0")
        var pixels = [Float](repeating: 0, count: sums.count)
        for pixel in 0..<counts.count {
            let total = weight + Double(counts[pixel])
            for k in 0..<channels {
                let index = pixel * channels + k
                let observedValue = Double(observed.pixels[index])
                pixels[index] = total > 0 ? Float((weight * observedValue + sums[index]) / total) : Float(observedValue)
            }
        }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }
}
