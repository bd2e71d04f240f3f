/// Copies the patches at `positions` out of `image`, one row per patch.
///
/// - Parameters:
///   - positions: top-left corners; every patch must lie inside the image.
///   - height: patch rows (ph); `width`: patch columns (pw).
/// - Returns: `[positions.count, height * width * image.channels]`, row-major; within a row
///   the patch's pixels in HWC order (row-major, channels interleaved), as in `Image`.
/// - Complexity: O(positions.count · height · width · channels).
public func extractPatches(from image: Image, at positions: [PatchPosition],
                           height: Int, width: Int) -> [Float] {
    precondition(height >= 1 && width >= 1, "patch size must be positive")
    let c = image.channels
    let rowValues = width * c
    let patchValues = height * rowValues
    var out = [Float](repeating: 0, count: positions.count * patchValues)
    image.pixels.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for (p, position) in positions.enumerated() {
                precondition(position.y >= 0 && position.x >= 0
                             && position.y + height <= image.height
                             && position.x + width <= image.width,
                             "patch at (\(position.y), \(position.x)) leaves the \(image.height)x\(image.width) image")
                for r in 0..<height {
                    let from = ((position.y + r) * image.width + position.x) * c
                    let to = p * patchValues + r * rowValues
                    for k in 0..<rowValues { dst[to + k] = src[from + k] }
                }
            }
        }
    }
    return out
}
