#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plan for two-dimensional discrete Fourier transforms of real `height × width` arrays
/// (row-major), any sizes. The spectrum is the half that a real input determines, as
/// `numpy.fft.rfft2` returns it: `height × spectrumWidth` values with
/// `spectrumWidth = width / 2 + 1`, stored split (real parts and imaginary parts in two
/// row-major arrays).
///
/// `forward` is unnormalised, X[k, l] = Σ x[m, n] e^{-2πi(km/H + ln/W)}; `inverse` divides by
/// `height · width`, so `inverse(forward(x)) == x` to rounding.
///
/// How: rows first, `Lanes.scalarCount` rows at a time (4 in the baseline build) transposed
/// into SIMD lanes; an even width is transformed as a complex sequence of half the length
/// (even samples real, odd samples imaginary) and then unpacked; an odd width as a complex
/// sequence with zero imaginary parts. Then the columns of the half spectrum, as many adjacent
/// columns per SIMD vector. The 1-D transforms are mixed-radix FFTs (`LaneFFT`), or
/// Bluestein's algorithm for lengths with a large prime factor, so every size costs
/// O(HW log HW). Single precision, twiddles computed in double precision.
///
/// A plan is immutable and may be shared by threads; each thread passes its own `FFTScratch`
/// (made by a plan of the same sizes: checked, a trap otherwise). The calls allocate nothing.
public final class RealFFT2D: Sendable {
    public let height: Int
    public let width: Int
    /// Columns of the half spectrum: `width / 2 + 1`.
    public var spectrumWidth: Int { width / 2 + 1 }
    /// Values in one half spectrum (each of the real and imaginary arrays).
    public var spectrumCount: Int { height * spectrumWidth }

    /// Even widths: the complex transform of length `width / 2`; odd widths: of length `width`.
    let rowTransform: LaneTransform
    /// The complex transform of length `height`.
    let columnTransform: LaneTransform
    /// Even widths: ½ e^{-2πik/W} for k ≤ W/2, the unpacking twiddles of the half-length trick.
    let unpackRe: [Float]
    let unpackIm: [Float]

    /// A plan for `height × width` arrays; both at least 1.
    public init(height: Int, width: Int) {
        precondition(height >= 1 && width >= 1, "an FFT of \(height)x\(width)")
        self.height = height
        self.width = width
        let even = width % 2 == 0
        rowTransform = LaneTransform(length: even ? width / 2 : width)
        columnTransform = LaneTransform(length: height)
        let half = width / 2
        unpackRe = even ? (0...half).map { Float(0.5 * cos(-2 * Double.pi * Double($0) / Double(width))) } : []
        unpackIm = even ? (0...half).map { Float(0.5 * sin(-2 * Double.pi * Double($0) / Double(width))) } : []
    }

    /// Scratch memory for one thread's calls with this plan (or another plan of the same sizes).
    public func makeScratch() -> FFTScratch {
        FFTScratch(height: height, width: width, laneSamples: max(width, height) + 1, columnSamples: height,
                   transformWork: max(rowTransform.workSamples, columnTransform.workSamples),
                   spectrumCount: spectrumCount)
    }

    /// The half spectrum of `input` (`height · width` reals) into `real` and `imaginary`
    /// (`spectrumCount` each).
    public func forward(_ input: UnsafePointer<Float>, real: UnsafeMutablePointer<Float>,
                        imaginary: UnsafeMutablePointer<Float>, scratch: FFTScratch) {
        precondition(scratch.height == height && scratch.width == width, "a scratch made by another plan's size")
        let sw = spectrumWidth
        for firstRow in stride(from: 0, to: height, by: Lanes.scalarCount) {
            let rows = min(Lanes.scalarCount, height - firstRow)
            forwardRows(input + firstRow * width, rows: rows,
                        real: real + firstRow * sw, imaginary: imaginary + firstRow * sw, scratch: scratch)
        }
        transformColumns(real, imaginary, inverse: false, into: real, imaginary, scratch: scratch)
    }

    /// The real array whose half spectrum is `real`, `imaginary`, into `output`
    /// (`height · width`), divided by `height · width`. The imaginary parts of the bins that
    /// are their own mirror image (column 0 and, for even widths, column `width / 2`, after
    /// the column transforms) are ignored, as `numpy.fft.irfft2` does.
    public func inverse(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>, scratch: FFTScratch) {
        precondition(scratch.height == height && scratch.width == width, "a scratch made by another plan's size")
        let sw = spectrumWidth
        let columnsRe = scratch.spectrumRe, columnsIm = scratch.spectrumIm
        transformColumns(real, imaginary, inverse: true, into: columnsRe, columnsIm, scratch: scratch)
        let scale = 1 / Float(height * width)
        for firstRow in stride(from: 0, to: height, by: Lanes.scalarCount) {
            let rows = min(Lanes.scalarCount, height - firstRow)
            inverseRows(real: columnsRe + firstRow * sw, imaginary: columnsIm + firstRow * sw, rows: rows,
                        output: output + firstRow * width, scale: scale, scratch: scratch)
        }
    }
}
