/// A raster image of `Float` samples.
///
/// Layout: row-major with interleaved channels (HWC): the sample of row `y`, column `x`,
/// channel `c` is `pixels[(y * width + x) * channels + c]`, so `pixels.count` is
/// `height * width * channels`. Values are nominally in [0, 1] (0 black, 1 white); nothing
/// enforces the range, and `encodePNG` clamps when writing.
///
/// `channels` is 1 (gray) or 3 (RGB) for anything read from or written to PNG; other counts
/// are allowed in memory (for instance a montage of 2-channel tiles) but `encodePNG` refuses
/// them.
public struct Image: Sendable, Equatable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Samples per pixel: 1 (gray) or 3 (RGB) for PNG.
    public let channels: Int
    /// `[height, width, channels]` in row-major order; keep the count unchanged.
    public var pixels: [Float]

    /// An image over `pixels`, which must hold `height * width * channels` values (HWC).
    public init(width: Int, height: Int, channels: Int, pixels: [Float]) {
        precondition(width >= 0 && height >= 0, "negative image size \(width)x\(height)")
        precondition(channels >= 1, "an image needs at least one channel")
        precondition(pixels.count == width * height * channels,
                     "\(pixels.count) samples for a \(width)x\(height)x\(channels) image")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// A black image (all samples 0) of `height * width * channels` samples.
    public init(width: Int, height: Int, channels: Int) {
        precondition(width >= 0 && height >= 0, "negative image size \(width)x\(height)")
        self.init(width: width, height: height, channels: channels,
                  pixels: [Float](repeating: 0, count: width * height * channels))
    }

    /// The sample at row `y`, column `x`, channel `c` (all zero-based).
    public subscript(y: Int, x: Int, c: Int) -> Float {
        get {
            assert(y >= 0 && y < height && x >= 0 && x < width && c >= 0 && c < channels)
            return pixels[(y * width + x) * channels + c]
        }
        set {
            assert(y >= 0 && y < height && x >= 0 && x < width && c >= 0 && c < channels)
            pixels[(y * width + x) * channels + c] = newValue
        }
    }
}
