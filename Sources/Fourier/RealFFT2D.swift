import KernelSupport

/// A plan for two-dimensional discrete Fourier transforms of real `height × width` arrays
/// (row-major), any sizes. The spectrum is the half that a real input determines, as
/// `numpy.fft.rfft2` returns it: `height × spectrumWidth` values with
/// `spectrumWidth = width / 2 + 1`, stored split (real parts and imaginary parts in two
/// row-major arrays).
///
/// `forward` is unnormalised, X[k, l] = Σ x[m, n] e^{-2πi(km/H + ln/W)}; `inverse` divides by
/// `height · width`, so `inverse(forward(x)) == x` to rounding.
///
/// The transforms are compiled once per instruction set (`Sources/FourierLanes`: 16 lanes with
/// AVX-512, 8 with AVX2, 4 on the baseline); a plan runs `path`, by default the one the engine's
/// kernels run (`RealFFT2D.activePath`: the fastest the processor supports, or
/// `LATENTPIPE_KERNELS`).
///
/// A plan is immutable and may be shared by threads; each thread passes its own `FFTScratch`
/// (made by a plan of the same sizes and path: checked, a trap otherwise). The calls allocate nothing.
public final class RealFFT2D: Sendable {
    public let height: Int
    public let width: Int
    /// The instruction set the transforms run with.
    public let path: KernelPath
    /// Columns of the half spectrum: `width / 2 + 1`.
    public var spectrumWidth: Int { width / 2 + 1 }
    /// Values in one half spectrum (each of the real and imaginary arrays).
    public var spectrumCount: Int { height * spectrumWidth }

    let engine: LaneEngine

    /// A plan for `height × width` arrays; both at least 1.
    public convenience init(height: Int, width: Int) {
        self.init(height: height, width: width, path: Self.activePath)
    }

    /// A plan that runs `path`, one of `supportedPaths` (another would fault).
    public init(height: Int, width: Int, path: KernelPath) {
        precondition(height >= 1 && width >= 1, "an FFT of \(height)x\(width)")
        precondition(Self.supportedPaths.contains(path), "the \(path) path on a processor or build without it")
        self.height = height
        self.width = width
        self.path = path
        engine = LaneEngine(path: path, height: height, width: width)
    }

    /// Scratch memory for one thread's calls with this plan (or another plan of the same sizes and path).
    public func makeScratch() -> FFTScratch {
        FFTScratch(path: path, lanes: engine.makeScratch())
    }

    /// The half spectrum of `input` (`height · width` reals) into `real` and `imaginary`
    /// (`spectrumCount` each).
    public func forward(_ input: UnsafePointer<Float>, real: UnsafeMutablePointer<Float>,
                        imaginary: UnsafeMutablePointer<Float>, scratch: FFTScratch) {
        precondition(scratch.path == path, "a scratch made by a plan of another path")
        engine.forward(input, real, imaginary, scratch.lanes)
    }

    /// The real array whose half spectrum is `real`, `imaginary`, into `output`
    /// (`height · width`), divided by `height · width`. The imaginary parts of the bins that
    /// are their own mirror image (column 0 and, for even widths, column `width / 2`, after
    /// the column transforms) are ignored, as `numpy.fft.irfft2` does.
    public func inverse(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>, scratch: FFTScratch) {
        precondition(scratch.path == path, "a scratch made by a plan of another path")
        engine.inverse(real, imaginary, output, scratch.lanes)
    }
}
