/// Rebuilds an image from patches by averaging overlaps, one patch at a time.
///
/// Holds a running sum per sample and a count per pixel, so a stream of patch frames can be
/// folded in with memory bounded by the image (`height * width * channels` `Double`s plus
/// `height * width` counts), whatever the number of patches.
///
/// Each patch is `patchHeight * patchWidth * channels` values in HWC order, as produced by
/// `extractPatches`; extracting and re-adding every patch of a covering grid gives back the
/// image exactly.
public struct PatchAssembler: Sendable {
    public let height: Int
    public let width: Int
    public let channels: Int
    public let patchHeight: Int
    public let patchWidth: Int
    /// `[height, width, channels]` sums of the values added.
    private(set) var sums: [Double]
    /// `[height, width]` number of patches that covered each pixel.
    private(set) var counts: [Int32]
    /// Patches added so far.
    public private(set) var patchesAdded = 0

    /// An empty assembler for a `height × width × channels` image and
    /// `patchHeight × patchWidth` patches.
    public init(height: Int, width: Int, channels: Int, patchHeight: Int, patchWidth: Int) {
        precondition(height >= 0 && width >= 0 && channels >= 1, "invalid image size")
        precondition(patchHeight >= 1 && patchWidth >= 1, "patch size must be positive")
        self.height = height
        self.width = width
        self.channels = channels
        self.patchHeight = patchHeight
        self.patchWidth = patchWidth
        sums = [Double](repeating: 0, count: height * width * channels)
        counts = [Int32](repeating: 0, count: height * width)
    }

    /// Values in one patch: `patchHeight * patchWidth * channels`.
    public var patchValues: Int { patchHeight * patchWidth * channels }

    /// Adds one patch (`patchValues` values, HWC) with its top-left corner at `position`,
    /// which must keep the patch inside the image.
    /// - Complexity: O(patchValues).
    public mutating func add(_ patch: UnsafeBufferPointer<Float>, at position: PatchPosition) {
        precondition(patch.count == patchValues,
                     "patch has \(patch.count) values, expected \(patchValues)")
        precondition(position.y >= 0 && position.x >= 0
                     && position.y + patchHeight <= height && position.x + patchWidth <= width,
                     "patch at (\(position.y), \(position.x)) leaves the \(height)x\(width) image")
        let c = channels, rowValues = patchWidth * c
        sums.withUnsafeMutableBufferPointer { sums in
            counts.withUnsafeMutableBufferPointer { counts in
                for r in 0..<patchHeight {
                    let pixel = (position.y + r) * width + position.x
                    let from = r * rowValues
                    let to = pixel * c
                    for k in 0..<rowValues { sums[to + k] += Double(patch[from + k]) }
                    for k in 0..<patchWidth { counts[pixel + k] += 1 }
                }
            }
        }
        patchesAdded += 1
    }

    /// Adds one patch given as any contiguous collection (`[Float]`, `ArraySlice<Float>`, ...).
    public mutating func add<C: Collection>(_ patch: C, at position: PatchPosition)
    where C.Element == Float {
        let done: Void? = patch.withContiguousStorageIfAvailable { add($0, at: position) }
        if done == nil {
            Array(patch).withUnsafeBufferPointer { add($0, at: position) }
        }
    }

    /// Number of pixels no patch has covered yet (they are 0 in `image()`).
    public var uncoveredPixels: Int { counts.reduce(0) { $0 + ($1 == 0 ? 1 : 0) } }

    /// The average of the patches covering each pixel; uncovered pixels are 0.
    /// - Returns: a `height × width × channels` image.
    public func image() -> Image {
        var pixels = [Float](repeating: 0, count: sums.count)
        for pixel in 0..<counts.count where counts[pixel] > 0 {
            let n = Double(counts[pixel])
            for k in 0..<channels {
                pixels[pixel * channels + k] = Float(sums[pixel * channels + k] / n)
            }
        }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }
}
