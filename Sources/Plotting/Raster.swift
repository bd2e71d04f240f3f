import ImageIO

/// A colour with components in [0, 1].
public struct RGB: Sendable, Equatable {
    public var r: Float
    public var g: Float
    public var b: Float

    public init(_ r: Float, _ g: Float, _ b: Float) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// From `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(Float((hex >> 16) & 0xFF) / 255, Float((hex >> 8) & 0xFF) / 255, Float(hex & 0xFF) / 255)
    }

    public static let white = RGB(1, 1, 1)
    public static let black = RGB(0, 0, 0)

    /// `self` covered by `top` at opacity `alpha` (0...1).
    public func blended(with top: RGB, alpha: Float) -> RGB {
        RGB(r + (top.r - r) * alpha, g + (top.g - g) * alpha, b + (top.b - b) * alpha)
    }

    /// Largest component difference from `other`.
    public func distance(to other: RGB) -> Float {
        max(abs(r - other.r), abs(g - other.g), abs(b - other.b))
    }
}

/// A rectangle of whole pixels: columns `x..<x+width`, rows `y..<y+height`. In the continuous
/// coordinates used for drawing, pixel `(i, j)` is the unit square `[i, i+1) x [j, j+1)`, its
/// centre at `(i + 0.5, j + 0.5)`.
public struct PixelRect: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// One past the last column.
    public var maxX: Int { x + width }
    /// One past the last row.
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    public func intersection(_ other: PixelRect) -> PixelRect {
        let left = Swift.max(x, other.x), top = Swift.max(y, other.y)
        return PixelRect(x: left, y: top, width: Swift.min(maxX, other.maxX) - left, height: Swift.min(maxY, other.maxY) - top)
    }

    public func intersects(_ other: PixelRect) -> Bool { !intersection(other).isEmpty }

    /// Shrunk by `amount` pixels on every side (grown when `amount` is negative).
    public func insetBy(_ amount: Int) -> PixelRect {
        PixelRect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}

/// An RGB drawing surface: `[height, width, 3]` `Float` samples in [0, 1], row-major (HWC), the
/// layout of ImageIO's `Image`.
public struct Canvas: Sendable {
    public let width: Int
    public let height: Int
    /// `(y * width + x) * 3 + channel`.
    public private(set) var samples: [Float]

    public init(width: Int, height: Int, background: RGB = .white) {
        precondition(width > 0 && height > 0, "a canvas needs a positive size")
        self.width = width
        self.height = height
        samples = [Float](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            samples[3 * i] = background.r
            samples[3 * i + 1] = background.g
            samples[3 * i + 2] = background.b
        }
    }

    public var bounds: PixelRect { PixelRect(x: 0, y: 0, width: width, height: height) }

    /// The colour of pixel `(x, y)`; the pixel must be on the canvas.
    public subscript(x: Int, y: Int) -> RGB {
        let i = (y * width + x) * 3
        return RGB(samples[i], samples[i + 1], samples[i + 2])
    }

    /// Covers pixel `(x, y)` with `color` at opacity `alpha`; pixels off the canvas are ignored.
    public mutating func blend(x: Int, y: Int, _ color: RGB, alpha: Float = 1) {
        guard x >= 0, y >= 0, x < width, y < height, alpha > 0 else { return }
        let i = (y * width + x) * 3
        let a = min(alpha, 1)
        samples[i] += (color.r - samples[i]) * a
        samples[i + 1] += (color.g - samples[i + 1]) * a
        samples[i + 2] += (color.b - samples[i + 2]) * a
    }

    /// Fills `rect` (clipped to the canvas) with `color`.
    public mutating func fill(_ rect: PixelRect, _ color: RGB) {
        let r = rect.intersection(bounds)
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { blend(x: x, y: y, color) } }
    }

    /// A one-pixel outline just inside `rect`.
    public mutating func outline(_ rect: PixelRect, _ color: RGB) {
        guard !rect.isEmpty else { return }
        fill(PixelRect(x: rect.x, y: rect.y, width: rect.width, height: 1), color)
        fill(PixelRect(x: rect.x, y: rect.maxY - 1, width: rect.width, height: 1), color)
        fill(PixelRect(x: rect.x, y: rect.y, width: 1, height: rect.height), color)
        fill(PixelRect(x: rect.maxX - 1, y: rect.y, width: 1, height: rect.height), color)
    }

    /// The canvas as an ImageIO image (3 channels), ready for `encodePNG`.
    public var image: Image { Image(width: width, height: height, channels: 3, pixels: samples) }
}
