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
/// A plan is immutable and may be shared by threads; each thread passes its own `FFTScratch`.
public final class RealFFT2D: Sendable {
    public let height: Int
    public let width: Int
    /// Columns of the half spectrum: `width / 2 + 1`.
    public var spectrumWidth: Int { width / 2 + 1 }
    /// Values in one half spectrum (each of the real and imaginary arrays).
    public var spectrumCount: Int { height * spectrumWidth }

    private let rowTwiddles: [(cos: Double, sin: Double)]
    private let columnTwiddles: [(cos: Double, sin: Double)]

    /// A plan for `height × width` arrays; both at least 1.
    public init(height: Int, width: Int) {
        precondition(height >= 1 && width >= 1, "an FFT of \(height)x\(width)")
        self.height = height
        self.width = width
        func twiddles(_ n: Int) -> [(cos: Double, sin: Double)] {
            (0..<n).map { j in
                let angle = -2 * Double.pi * Double(j) / Double(n)
                return (cos(angle), sin(angle))
            }
        }
        rowTwiddles = twiddles(width)
        columnTwiddles = twiddles(height)
    }

    /// Scratch memory for one thread's calls.
    public func makeScratch() -> FFTScratch {
        FFTScratch(count: 2 * spectrumCount)
    }

    /// The half spectrum of `input` (`height · width` reals) into `real` and `imaginary`
    /// (`spectrumCount` each).
    public func forward(_ input: UnsafePointer<Float>, real: UnsafeMutablePointer<Float>,
                        imaginary: UnsafeMutablePointer<Float>, scratch: FFTScratch) {
        let sw = spectrumWidth
        // Rows: real DFTs of length `width`, kept half.
        var rowsReal = [Double](repeating: 0, count: height * sw)
        var rowsImaginary = [Double](repeating: 0, count: height * sw)
        for m in 0..<height {
            for l in 0..<sw {
                var re = 0.0, im = 0.0
                for n in 0..<width {
                    let t = rowTwiddles[(l * n) % width]
                    let x = Double(input[m * width + n])
                    re += x * t.cos
                    im += x * t.sin
                }
                rowsReal[m * sw + l] = re
                rowsImaginary[m * sw + l] = im
            }
        }
        // Columns: complex DFTs of length `height`.
        for k in 0..<height {
            for l in 0..<sw {
                var re = 0.0, im = 0.0
                for m in 0..<height {
                    let t = columnTwiddles[(k * m) % height]
                    let a = rowsReal[m * sw + l], b = rowsImaginary[m * sw + l]
                    re += a * t.cos - b * t.sin
                    im += a * t.sin + b * t.cos
                }
                real[k * sw + l] = Float(re)
                imaginary[k * sw + l] = Float(im)
            }
        }
    }

    /// The real array whose half spectrum is `real`, `imaginary`, into `output`
    /// (`height · width`), divided by `height · width`.
    public func inverse(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>, scratch: FFTScratch) {
        let sw = spectrumWidth
        // Columns: inverse complex DFTs (conjugate twiddles).
        var columnsReal = [Double](repeating: 0, count: height * sw)
        var columnsImaginary = [Double](repeating: 0, count: height * sw)
        for m in 0..<height {
            for l in 0..<sw {
                var re = 0.0, im = 0.0
                for k in 0..<height {
                    let t = columnTwiddles[(k * m) % height]
                    let a = Double(real[k * sw + l]), b = Double(imaginary[k * sw + l])
                    re += a * t.cos + b * t.sin
                    im += b * t.cos - a * t.sin
                }
                columnsReal[m * sw + l] = re
                columnsImaginary[m * sw + l] = im
            }
        }
        // Rows: the Hermitian-symmetric inverse; the imaginary parts of the self-conjugate
        // bins (l = 0 and, for even widths, l = width / 2) do not contribute.
        let scale = 1 / Double(height * width)
        for m in 0..<height {
            for n in 0..<width {
                var sum = 0.0
                for l in 0..<width {
                    let mirrored = l >= sw
                    let column = mirrored ? width - l : l
                    let a = columnsReal[m * sw + column]
                    let b = mirrored ? -columnsImaginary[m * sw + column] : columnsImaginary[m * sw + column]
                    let t = rowTwiddles[(l * n) % width]
                    sum += a * t.cos + b * t.sin
                }
                output[m * width + n] = Float(sum * scale)
            }
        }
    }
}

/// Working memory for one thread's transforms with one plan.
public final class FFTScratch {
    var buffer: [Float]
    init(count: Int) { buffer = [Float](repeating: 0, count: count) }
}
