/// A random content-preserving transformation of small images, for data augmentation and for
/// the positive pairs of contrastive learning (SimCLR, PIRL): each call to `apply` draws its
/// own parameters from the generator, so the same seed gives the same views.
///
/// The steps, in this order, each only when enabled (its parameter not zero / one):
/// 1. crop then resize: a window of `cropFraction` of each side (rounded, at least 1 pixel) at
///    a uniform random place, resized back bilinearly (`Planes.croppedAndResized`);
/// 2. rotation by an angle uniform in [−`maxDegrees`, `maxDegrees`] (`Planes.rotated`);
/// 3. shift by whole pixels, each of down and right uniform in −`maxShift`...`maxShift`, zero
///    filled (`Planes.shifted`);
/// 4. contrast factor uniform in [1 − `contrast`, 1 + `contrast`] and brightness offset
///    uniform in [−`brightness`, `brightness`] (`Planes.adjusted`);
/// 5. Gaussian noise of standard deviation `noiseSigma` on every sample (`Planes.withNoise`).
/// Disabled steps draw nothing, so adding a step changes the views of the others.
public struct RandomAugmentation: Sendable, Equatable {
    /// Most pixels of shift along each axis, k in ±k; 0 disables.
    public var maxShift: Int = 0
    /// Largest rotation in degrees either way; 0 disables.
    public var maxDegrees: Double = 0
    /// Fraction of each side the crop keeps, in (0, 1]; 1 disables.
    public var cropFraction: Double = 1
    /// Standard deviation of the additive Gaussian noise; 0 disables.
    public var noiseSigma: Double = 0
    /// Half-width of the contrast factor's range around 1; 0 disables.
    public var contrast: Double = 0
    /// Largest brightness offset either way; 0 disables.
    public var brightness: Double = 0

    public init(maxShift: Int = 0, maxDegrees: Double = 0, cropFraction: Double = 1, noiseSigma: Double = 0,
                contrast: Double = 0, brightness: Double = 0) {
        self.maxShift = maxShift
        self.maxDegrees = maxDegrees
        self.cropFraction = cropFraction
        self.noiseSigma = noiseSigma
        self.contrast = contrast
        self.brightness = brightness
    }

    /// The crop window's side for an image side of `side` pixels: `cropFraction·side`
    /// rounded, at least 1.
    public func cropSide(_ side: Int) -> Int { max(1, min(side, Int((cropFraction * Double(side)).rounded()))) }

    /// One random view of `image`, its parameters drawn from `generator`.
    public func apply<Generator: RandomSource>(to image: Planes, using generator: inout Generator) -> Planes {
        var view = image
        if cropFraction < 1 {
            let height = cropSide(image.height), width = cropSide(image.width)
            let top = generator.below(image.height - height + 1), left = generator.below(image.width - width + 1)
            view = view.croppedAndResized(top: top, left: left, height: height, width: width)
        }
        if maxDegrees > 0 {
            view = view.rotated(degrees: (2 * generator.unit() - 1) * maxDegrees)
        }
        if maxShift > 0 {
            let down = generator.below(2 * maxShift + 1) - maxShift, right = generator.below(2 * maxShift + 1) - maxShift
            view = view.shifted(down: down, right: right)
        }
        if contrast > 0 || brightness > 0 {
            let factor = contrast > 0 ? 1 + (2 * generator.unit() - 1) * contrast : 1
            let offset = brightness > 0 ? (2 * generator.unit() - 1) * brightness : 0
            view = view.adjusted(contrast: Float(factor), brightness: Float(offset))
        }
        if noiseSigma > 0 {
            view = view.withNoise(sigma: Float(noiseSigma), using: &generator)
        }
        return view
    }
}
