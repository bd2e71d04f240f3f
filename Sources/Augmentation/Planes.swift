import TensorCore

/// One small image held planar, `[channels, height, width]` in C order: the form every
/// transformation of this module reads and writes.
///
/// Patch rows (patchify's, the digits') are channel-last, `[height·width·channels]` in the
/// order y, x, channel; `init(channelLastRow:)` and `channelLastRow` convert.
public struct Planes: Sendable, Equatable {
    public let channels: Int
    public let height: Int
    public let width: Int
    /// The samples, `[channels, height, width]` in C order.
    public var values: [Float]

    /// An image of the given shape and samples (`values.count == channels·height·width`).
    public init(channels: Int, height: Int, width: Int, values: [Float]) {
        precondition(channels >= 1 && height >= 1 && width >= 1 && values.count == channels * height * width,
                     "Planes: \(values.count) values are not \(channels)x\(height)x\(width)")
        self.channels = channels
        self.height = height
        self.width = width
        self.values = values
    }

    /// An image of zeros (black) of the given shape.
    public init(zerosLike shape: ImageShape) {
        self.init(channels: shape.channels, height: shape.height, width: shape.width,
                  values: [Float](repeating: 0, count: shape.count))
    }

    /// The shape of the image.
    public var shape: ImageShape { ImageShape(channels: channels, height: height, width: width) }

    /// The sample of `channel` at row `y`, column `x` (all in range).
    public subscript(channel: Int, y: Int, x: Int) -> Float {
        get { values[(channel * height + y) * width + x] }
        set { values[(channel * height + y) * width + x] = newValue }
    }

    /// The image of a channel-last row `[height·width·channels]` (y, x, channel order).
    public init(channelLastRow row: some Collection<Float>, shape: ImageShape) {
        precondition(row.count == shape.count, "Planes: a row of \(row.count) values is not \(shape)")
        var planes = Planes(zerosLike: shape)
        for (index, value) in row.enumerated() {
            let channel = index % shape.channels, pixel = index / shape.channels
            planes.values[channel * shape.height * shape.width + pixel] = value
        }
        self = planes
    }

    /// The image of a channel-last row held in an array slice (the rows of a data tensor):
    /// the same image as the generic initialiser, without its per-element generic calls.
    public init(channelLastRow row: ArraySlice<Float>, shape: ImageShape) {
        precondition(row.count == shape.count, "Planes: a row of \(row.count) values is not \(shape)")
        guard shape.channels > 1 else {
            self.init(channels: 1, height: shape.height, width: shape.width, values: Array(row))
            return
        }
        var values = [Float](repeating: 0, count: shape.count)
        let pixels = shape.height * shape.width
        for (offset, index) in row.indices.enumerated() {
            values[(offset % shape.channels) * pixels + offset / shape.channels] = row[index]
        }
        self.init(channels: shape.channels, height: shape.height, width: shape.width, values: values)
    }

    /// The image as a channel-last row `[height·width·channels]` (y, x, channel order).
    public var channelLastRow: [Float] {
        channels == 1 ? values : channelLastLayout(values, count: 1, channels: channels, height: height, width: width)
    }
}
