/// How many views each image gets and how they are made: the deterministic nudge, or `count`
/// independent random views.
public enum ViewPlan: Sendable, Equatable {
    /// scikit-learn's five views: the image and its four one-pixel shifts (`Nudge`).
    case nudge
    /// `count` views, each drawn by `augmentation` with its own parameters.
    case random(RandomAugmentation, count: Int)

    /// Views per image.
    public var count: Int {
        switch self {
        case .nudge: return Nudge.offsets.count
        case .random(_, let count): return count
        }
    }

    /// The views of `image`, `count` of them in order; random ones drawn from `generator`.
    public func views<Generator: RandomSource>(of image: Planes, using generator: inout Generator) -> [Planes] {
        switch self {
        case .nudge: return Nudge.views(of: image)
        case .random(let augmentation, let count):
            return (0..<count).map { _ in augmentation.apply(to: image, using: &generator) }
        }
    }

    /// The most pixels a view may be shifted by (for checking an image is larger).
    public var largestShift: Int {
        switch self {
        case .nudge: return 1
        case .random(let augmentation, _): return augmentation.maxShift
        }
    }
}
