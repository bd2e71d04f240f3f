import Fourier
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The low-pass part of an image by Tikhonov regularisation with a gradient penalty, as
/// SPORCO's `signal.tikhonov_filter(s, lmbda, npd)` computes it (the preprocessing of its CSC
/// examples): the low-pass `l` of a plane `s` minimises
///
///     1/2 ||l - s||^2 + lambda/2 (||Gx l||^2 + ||Gy l||^2)
///
/// with `Gx`, `Gy` the forward differences `[-1, 1]` along each axis, circular on `s` padded
/// symmetrically by `padding` samples on every side (numpy's `pad(..., 'symmetric')`: the edge
/// sample repeated, then the mirror image). In the DFT domain of the padded plane this is one
/// division per frequency, `L = S / (1 + lambda (|Gx|^2 + |Gy|^2))` with
/// `|G|^2 = 2 - 2 cos(2 pi k / n)`; the padded result is cropped back to the plane. The
/// high-pass part is `s - l`.
///
/// Cost: two real FFTs of `(height + 2 padding) x (width + 2 padding)` per plane; memory:
/// the padded plane and its half spectrum.
public struct TikhonovLowPass: Sendable {
    /// The weight of the gradient penalty (SPORCO's `lmbda`): larger is a lower cut-off.
    public let lambda: Double
    /// Samples of symmetric padding on each side (SPORCO's `npd`).
    public let padding: Int

    /// - Parameters: `lambda` > 0 and finite; `padding` ≥ 0.
    public init(lambda: Double, padding: Int) {
        precondition(lambda > 0 && lambda.isFinite && padding >= 0, "Tikhonov low-pass of lambda \(lambda), padding \(padding)")
        self.lambda = lambda
        self.padding = padding
    }

    /// The low-pass part of each of `planes.count / (height · width)` planes `[height, width]`
    /// (row-major, planes one after another), in the same layout.
    public func lowPass(_ planes: [Float], height: Int, width: Int) -> [Float] {
        let plane = height * width
        precondition(plane > 0 && planes.count % plane == 0, "\(planes.count) samples for planes of \(height)x\(width)")
        let (paddedHeight, paddedWidth) = (height + 2 * padding, width + 2 * padding)
        let plan = RealFFT2D(height: paddedHeight, width: paddedWidth)
        let scratch = plan.makeScratch()
        let gain = spectralGain(height: paddedHeight, width: paddedWidth, spectrumWidth: plan.spectrumWidth)
        let rowSource = (0..<paddedHeight).map { mirrored($0 - padding, count: height) }
        let columnSource = (0..<paddedWidth).map { mirrored($0 - padding, count: width) }
        var padded = [Float](repeating: 0, count: paddedHeight * paddedWidth)
        var real = [Float](repeating: 0, count: plan.spectrumCount)
        var imaginary = [Float](repeating: 0, count: plan.spectrumCount)
        var result = [Float](repeating: 0, count: planes.count)
        for start in stride(from: 0, to: planes.count, by: plane) {
            for y in 0..<paddedHeight {
                let source = start + rowSource[y] * width
                for x in 0..<paddedWidth { padded[y * paddedWidth + x] = planes[source + columnSource[x]] }
            }
            plan.forward(padded, real: &real, imaginary: &imaginary, scratch: scratch)
            for k in 0..<gain.count {
                real[k] *= gain[k]
                imaginary[k] *= gain[k]
            }
            plan.inverse(real: real, imaginary: imaginary, output: &padded, scratch: scratch)
            for y in 0..<height {
                let from = (y + padding) * paddedWidth + padding
                for x in 0..<width { result[start + y * width + x] = padded[from + x] }
            }
        }
        return result
    }

    /// `1 / (1 + lambda (|Gy|^2 + |Gx|^2))` over the half spectrum `[height, spectrumWidth]`.
    private func spectralGain(height: Int, width: Int, spectrumWidth: Int) -> [Float] {
        func squaredDifference(_ k: Int, _ n: Int) -> Double { 2 - 2 * cos(2 * Double.pi * Double(k) / Double(n)) }
        var gain = [Float](repeating: 0, count: height * spectrumWidth)
        for k in 0..<height {
            let vertical = squaredDifference(k, height)
            for l in 0..<spectrumWidth {
                gain[k * spectrumWidth + l] = Float(1 / (1 + lambda * (vertical + squaredDifference(l, width))))
            }
        }
        return gain
    }
}

/// The index in `0..<count` that symmetric padding (numpy's `'symmetric'`: `... 1 0 | 0 1 ... n-1 | n-1 n-2 ...`)
/// puts at `index`, which may lie outside the range on either side, by any amount.
func mirrored(_ index: Int, count: Int) -> Int {
    let period = 2 * count
    let folded = ((index % period) + period) % period
    return folded < count ? folded : period - 1 - folded
}
