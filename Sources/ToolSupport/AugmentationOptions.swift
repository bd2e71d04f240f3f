import Augmentation
import TensorCore

/// The options of a random view (`RandomAugmentation`), the same in every tool that makes
/// views (`augment`, `contrast-train`).
public enum AugmentationOptions {
    /// `--shift K`: whole-pixel shifts in −K…K along each axis.
    public static func shift(default value: Int) -> OptionSpec<Int> {
        OptionSpec("shift", value: "K", default: value, range: 0...64, help: "shift by whole pixels, each of down and right uniform in -K..K, zero filled")
    }
    public static let rotate = OptionSpec<Double>("rotate", value: "DEG", default: 0, range: 0...180,
                                                  help: "rotate by an angle uniform in [-DEG, DEG] degrees (bilinear, zero filled)")
    public static let crop = OptionSpec<Double>("crop", value: "F", default: 1, help: "keep a window of F of each side at a random place, resized back (bilinear); 1 = no crop",
                                                accepted: "a fraction in (0, 1]", outOfRange: ["0", "-0.5", "1.5"], accepts: { $0 > 0 && $0 <= 1 })
    public static let noise = OptionSpec<Double>("noise", value: "SIGMA", default: 0, range: 0...1e6, help: "add Gaussian noise of standard deviation SIGMA to every value")
    public static let contrast = OptionSpec<Double>("contrast", value: "F", default: 0, range: 0...1,
                                                    help: "scale each image's deviations from its mean by a factor uniform in [1-F, 1+F]")
    public static let brightness = OptionSpec<Double>("brightness", value: "B", default: 0, range: 0...1e6, help: "add an offset uniform in [-B, B] to each image")

    /// The six options, `--shift` with the given default.
    public static func all(shift: OptionSpec<Int>) -> [any DeclaredOption] { [shift, rotate, crop, noise, contrast, brightness] }

    /// The transformation the command line asks for.
    public static func augmentation(_ context: ToolContext, shift: OptionSpec<Int>) throws -> RandomAugmentation {
        RandomAugmentation(maxShift: try context.value(shift), maxDegrees: try context.value(rotate), cropFraction: try context.value(crop),
                           noiseSigma: try context.value(noise), contrast: try context.value(contrast), brightness: try context.value(brightness))
    }
}

extension Frame {
    /// The image shape of the rows `[_, features]` of this frame: its `patch_height`,
    /// `patch_width` and `channels` attributes when present, else a square of one channel.
    /// - Throws: `ToolFailure` when an attribute is not a whole number from 1 to 4096, or the
    ///   rows are no such image.
    public func rowImageShape(features: Int) throws -> ImageShape {
        func geometry(_ key: String) throws -> Int? {
            attribute(key) == nil ? nil : try requiredInt(key, in: 1...4096, purpose: "for the rows' image size")
        }
        guard let shape = ImageShape.ofRows(features: features, height: try geometry("patch_height"), width: try geometry("patch_width"),
                                            channels: try geometry("channels")), shape.count > 0 else {
            throw ToolFailure("rows of \(features) values are not square images and the input has no patch_height/patch_width/channels attributes that fit; add them (patchify writes them)")
        }
        return shape
    }
}
