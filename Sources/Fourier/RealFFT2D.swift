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
/// How: rows first, eight rows at a time transposed into SIMD lanes; an even width is
/// transformed as a complex sequence of half the length (even samples real, odd samples
/// imaginary) and then unpacked; an odd width as a complex sequence with zero imaginary parts.
/// Then the columns of the half spectrum, eight adjacent columns per SIMD vector. The 1-D
/// transforms are mixed-radix FFTs (`LaneFFT`), or Bluestein's algorithm for lengths with a
/// large prime factor, so every size costs O(HW log HW). Single precision, twiddles computed
/// in double precision.
///
/// A plan is immutable and may be shared by threads; each thread passes its own `FFTScratch`.
/// The calls allocate nothing.
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

    /// Scratch memory for one thread's calls.
    public func makeScratch() -> FFTScratch {
        FFTScratch(laneSamples: max(width, height) + 1,
                   transformWork: max(rowTransform.workSamples, columnTransform.workSamples),
                   spectrumCount: spectrumCount)
    }

    /// The half spectrum of `input` (`height · width` reals) into `real` and `imaginary`
    /// (`spectrumCount` each).
    public func forward(_ input: UnsafePointer<Float>, real: UnsafeMutablePointer<Float>,
                        imaginary: UnsafeMutablePointer<Float>, scratch: FFTScratch) {
        let sw = spectrumWidth
        for firstRow in stride(from: 0, to: height, by: laneWidth) {
            let rows = min(laneWidth, height - firstRow)
            forwardRows(input + firstRow * width, rows: rows,
                        real: real + firstRow * sw, imaginary: imaginary + firstRow * sw, scratch: scratch)
        }
        for firstColumn in stride(from: 0, to: sw, by: laneWidth) {
            let columns = min(laneWidth, sw - firstColumn)
            let data = scratch.a
            loadColumns(real + firstColumn, imaginary + firstColumn, columns: columns, into: data)
            let result = columnTransform.forward(data, work: scratch.b, extra: scratch.transformWork)
            storeColumns(result, columns: columns, real: real + firstColumn, imaginary: imaginary + firstColumn)
        }
    }

    /// The real array whose half spectrum is `real`, `imaginary`, into `output`
    /// (`height · width`), divided by `height · width`. The imaginary parts of the bins that
    /// are their own mirror image (column 0 and, for even widths, column `width / 2`, after
    /// the column transforms) are ignored, as `numpy.fft.irfft2` does.
    public func inverse(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>, scratch: FFTScratch) {
        let sw = spectrumWidth
        let columnsRe = scratch.spectrumRe, columnsIm = scratch.spectrumIm
        for firstColumn in stride(from: 0, to: sw, by: laneWidth) {
            let columns = min(laneWidth, sw - firstColumn)
            let data = scratch.a
            loadColumns(real + firstColumn, imaginary + firstColumn, columns: columns, into: data)
            let result = columnTransform.inverse(data, work: scratch.b, extra: scratch.transformWork)
            storeColumns(result, columns: columns, real: columnsRe + firstColumn, imaginary: columnsIm + firstColumn)
        }
        let scale = 1 / Float(height * width)
        for firstRow in stride(from: 0, to: height, by: laneWidth) {
            let rows = min(laneWidth, height - firstRow)
            inverseRows(real: columnsRe + firstRow * sw, imaginary: columnsIm + firstRow * sw, rows: rows,
                        output: output + firstRow * width, scale: scale, scratch: scratch)
        }
    }

    // MARK: Columns

    /// Columns `0..<columns` of the `height × spectrumWidth` arrays at `real`, `imaginary` into
    /// the lanes of `data` (unused lanes zero).
    private func loadColumns(_ real: UnsafePointer<Float>, _ imaginary: UnsafePointer<Float>,
                             columns: Int, into data: LaneBuffer) {
        let sw = spectrumWidth
        if columns == laneWidth {
            for k in 0..<height {
                data.re[k] = UnsafeRawPointer(real + k * sw).loadUnaligned(as: Lanes.self)
                data.im[k] = UnsafeRawPointer(imaginary + k * sw).loadUnaligned(as: Lanes.self)
            }
        } else {
            let re = data.reFloats, im = data.imFloats
            for k in 0..<height {
                data.re[k] = Lanes()
                data.im[k] = Lanes()
                for c in 0..<columns {
                    re[k * laneWidth + c] = real[k * sw + c]
                    im[k * laneWidth + c] = imaginary[k * sw + c]
                }
            }
        }
    }

    /// The lanes `0..<columns` of `data` into columns of the `height × spectrumWidth` arrays.
    private func storeColumns(_ data: LaneBuffer, columns: Int,
                              real: UnsafeMutablePointer<Float>, imaginary: UnsafeMutablePointer<Float>) {
        let sw = spectrumWidth
        if columns == laneWidth {
            for k in 0..<height {
                UnsafeMutableRawPointer(real + k * sw).storeBytes(of: data.re[k], as: Lanes.self)
                UnsafeMutableRawPointer(imaginary + k * sw).storeBytes(of: data.im[k], as: Lanes.self)
            }
        } else {
            let re = data.reFloats, im = data.imFloats
            for k in 0..<height {
                for c in 0..<columns {
                    real[k * sw + c] = re[k * laneWidth + c]
                    imaginary[k * sw + c] = im[k * laneWidth + c]
                }
            }
        }
    }

    // MARK: Rows

    /// The half spectra of `rows` (≤ 8) rows of `input` into rows of `real`, `imaginary`.
    private func forwardRows(_ input: UnsafePointer<Float>, rows: Int, real: UnsafeMutablePointer<Float>,
                             imaginary: UnsafeMutablePointer<Float>, scratch: FFTScratch) {
        let sw = spectrumWidth
        let data = scratch.a
        let n = rowTransform.length
        if rows < laneWidth {
            data.re.update(repeating: Lanes(), count: n)
            data.im.update(repeating: Lanes(), count: n)
        }
        let re = data.reFloats, im = data.imFloats
        if width % 2 == 0 {
            // z[j] = x[2j] + i x[2j+1]
            for r in 0..<rows {
                let row = input + r * width
                for j in 0..<n {
                    re[j * laneWidth + r] = row[2 * j]
                    im[j * laneWidth + r] = row[2 * j + 1]
                }
            }
            let z = rowTransform.forward(data, work: scratch.b, extra: scratch.transformWork)
            let x = z.re == data.re ? scratch.b : data
            unpack(z, into: x)
            transposeOut(x, rows: rows, count: sw, real: real, imaginary: imaginary, rowStride: sw)
        } else {
            for r in 0..<rows {
                let row = input + r * width
                for j in 0..<n {
                    re[j * laneWidth + r] = row[j]
                }
            }
            data.im.update(repeating: Lanes(), count: n)
            let x = rowTransform.forward(data, work: scratch.b, extra: scratch.transformWork)
            transposeOut(x, rows: rows, count: sw, real: real, imaginary: imaginary, rowStride: sw)
        }
    }

    /// X[k] = ½(Z[k] + Z̄[h−k]) − ½ i e^{-2πik/W} (Z[k] − Z̄[h−k]) for k ≤ h = W/2 (Z[h] = Z[0]):
    /// the spectrum of the real row from that of its even/odd packing.
    private func unpack(_ z: LaneBuffer, into x: LaneBuffer) {
        let h = width / 2
        unpackRe.withUnsafeBufferPointer { wr in
            unpackIm.withUnsafeBufferPointer { wi in
                for k in 0...h {
                    let a = k == h ? 0 : k, b = k == 0 ? 0 : h - k
                    let zr = z.re[a], zi = z.im[a], cr = z.re[b], ci = -z.im[b]
                    let sumR = zr + cr, sumI = zi + ci
                    let diffR = zr - cr, diffI = zi - ci
                    // t = ½ w^k (Z[k] − Z̄[h−k]); X = ½ sum − i t
                    let tr = diffR * wr[k] - diffI * wi[k], ti = diffR * wi[k] + diffI * wr[k]
                    x.re[k] = 0.5 * sumR + ti
                    x.im[k] = 0.5 * sumI - tr
                }
            }
        }
    }

    /// Lanes `0..<rows` of samples `0..<count` of `x` into rows of `real`, `imaginary`.
    private func transposeOut(_ x: LaneBuffer, rows: Int, count: Int, real: UnsafeMutablePointer<Float>,
                              imaginary: UnsafeMutablePointer<Float>, rowStride: Int) {
        let re = x.reFloats, im = x.imFloats
        for r in 0..<rows {
            let rowRe = real + r * rowStride, rowIm = imaginary + r * rowStride
            for k in 0..<count {
                rowRe[k] = re[k * laneWidth + r]
                rowIm[k] = im[k * laneWidth + r]
            }
        }
    }

    /// The real rows (times `scale`) whose half spectra are `rows` rows of `real`, `imaginary`.
    private func inverseRows(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>, rows: Int,
                             output: UnsafeMutablePointer<Float>, scale: Float, scratch: FFTScratch) {
        let sw = spectrumWidth
        let data = scratch.a
        let n = rowTransform.length
        if rows < laneWidth {
            data.re.update(repeating: Lanes(), count: max(n, sw))
            data.im.update(repeating: Lanes(), count: max(n, sw))
        }
        let re = data.reFloats, im = data.imFloats
        for r in 0..<rows {
            let rowRe = real + r * sw, rowIm = imaginary + r * sw
            for k in 0..<sw {
                re[k * laneWidth + r] = rowRe[k]
                im[k * laneWidth + r] = rowIm[k]
            }
        }
        data.im[0] = Lanes()
        if width % 2 == 0 {
            let h = width / 2
            data.im[h] = Lanes()
            pack(data)
            let z = rowTransform.inverse(data, work: scratch.b, extra: scratch.transformWork)
            let zr = z.reFloats, zi = z.imFloats
            for r in 0..<rows {
                let row = output + r * width
                for j in 0..<h {
                    row[2 * j] = scale * zr[j * laneWidth + r]
                    row[2 * j + 1] = scale * zi[j * laneWidth + r]
                }
            }
        } else {
            // The full Hermitian spectrum: X[W−k] = X̄[k].
            for k in 1..<sw {
                data.re[width - k] = data.re[k]
                data.im[width - k] = -data.im[k]
            }
            let x = rowTransform.inverse(data, work: scratch.b, extra: scratch.transformWork)
            let xr = x.reFloats
            for r in 0..<rows {
                let row = output + r * width
                for j in 0..<width {
                    row[j] = scale * xr[j * laneWidth + r]
                }
            }
        }
    }

    /// In place, Z[k] = (X[k] + X̄[h−k]) + i e^{+2πik/W} (X[k] − X̄[h−k]) for k < h = W/2:
    /// twice the spectrum of the even/odd packing of the real row whose half spectrum is X.
    private func pack(_ x: LaneBuffer) {
        let h = width / 2
        unpackRe.withUnsafeBufferPointer { wr in
            unpackIm.withUnsafeBufferPointer { wi in
                for k in 0...(h / 2) {
                    let mirror = h - k
                    let ar = x.re[k], ai = x.im[k], br = x.re[mirror], bi = x.im[mirror]
                    // Z[k] from X[k], X[h−k]; Z[h−k] from X[h−k], X[k] (the twiddle of h−k is −w̄^k).
                    let (zkR, zkI) = packed(ar, ai, br, bi, 2 * wr[k], -2 * wi[k])
                    if mirror < h && mirror != k {
                        let (zmR, zmI) = packed(br, bi, ar, ai, 2 * wr[mirror], -2 * wi[mirror])
                        x.re[mirror] = zmR
                        x.im[mirror] = zmI
                    }
                    x.re[k] = zkR
                    x.im[k] = zkI
                }
            }
        }
    }
}

/// (a + b̄) + i w (a − b̄) for complex lanes a, b and a twiddle w.
@inline(__always)
private func packed(_ ar: Lanes, _ ai: Lanes, _ br: Lanes, _ bi: Lanes, _ wr: Float, _ wi: Float) -> (Lanes, Lanes) {
    let sumR = ar + br, sumI = ai - bi
    let diffR = ar - br, diffI = ai + bi
    let tr = diffR * wr - diffI * wi, ti = diffR * wi + diffI * wr
    return (sumR - ti, sumI + tr)
}
