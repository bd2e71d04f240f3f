/// The shape of a small image: channels, height and width in pixels.
public struct ImageShape: Sendable, Equatable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Samples in one image, `channels·height·width`.
    public var count: Int { channels * height * width }

    /// `1x8x8` (channels first).
    public var description: String { "\(channels)x\(height)x\(width)" }

    /// The image shape of patch rows of `features` values: `height`x`width` patches when both
    /// are given (with `channels`, else as many channels as the features hold), otherwise a
    /// square of `channels` (else 1) channels; nil when the features are no such image.
    public static func ofRows(features: Int, height: Int?, width: Int?, channels: Int?) -> ImageShape? {
        guard features >= 1 else { return nil }
        if let height, let width, height >= 1, width >= 1 {
            let pixels = height * width
            let channels = channels ?? features / pixels
            guard channels >= 1, pixels * channels == features else { return nil }
            return ImageShape(channels: channels, height: height, width: width)
        }
        let channels = channels ?? 1
        guard channels >= 1, features % channels == 0 else { return nil }
        let side = Int(Double(features / channels).squareRoot().rounded())
        guard side * side * channels == features else { return nil }
        return ImageShape(channels: channels, height: side, width: side)
    }
}
