#if canImport(Glibc)
import Glibc
#endif

/// The peak signal-to-noise ratio of `image` against `reference`, in dB, for values in [0, 1]:
/// 10 log10(1 / mean squared error) over every sample; infinity when they are identical.
/// - Precondition: the same width, height and channels.
public func peakSignalToNoiseRatio(_ image: Image, reference: Image) -> Double {
    precondition(image.width == reference.width && image.height == reference.height && image.channels == reference.channels,
                 "peakSignalToNoiseRatio: images of different sizes")
    var squared = 0.0
    for (a, b) in zip(reference.pixels, image.pixels) { squared += Double(a - b) * Double(a - b) }
    let mse = squared / Double(reference.pixels.count)
    return mse == 0 ? .infinity : 10 * log10(1 / mse)
}
