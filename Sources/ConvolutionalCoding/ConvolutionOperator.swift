import Fourier
import SparseCoding

/// The synthesis operator of a set of kernels on one image size, H × W: maps Z `[M, H, W]` to
/// the image Σ_m K_m * Z_m `[C, H, W]` (circular convolution, kernel origin at (0, 0)), its
/// adjoint, the energy and the optimality measure. The kernels are zero-padded to H × W and
/// transformed once, here; every product is then a product of spectra per frequency.
///
/// Immutable after creation and shareable; each call uses its own working memory.
public final class ConvolutionOperator: @unchecked Sendable {
    public let kernels: ConvolutionKernels
    public let height: Int
    public let width: Int
    /// Threads the products and transforms are split over.
    public let threads: Int
    /// L = max over frequencies of the largest eigenvalue of D̂(ω)D̂(ω)ᴴ: the Lipschitz constant of
    /// the gradient of ½‖Y − Σ K * Z‖² in Z.
    public let lipschitz: Float

    let plan: RealFFT2D
    /// Values per plane of the stored half spectra: the plan's `spectrumCount` rounded up to a
    /// multiple of 8, so that per-frequency loops run in whole lanes; the padding stays zero.
    let frequencies: Int
    /// Parseval weight of each stored frequency (`columnWeights` of its column; 0 in the padding).
    let frequencyWeights: [Float]
    /// D̂ split complex, `[(m · C + c) · frequencies + f]`.
    let kernelReal: [Float]
    let kernelImaginary: [Float]
    /// Parseval weight of each half-spectrum column (1 for the self-conjugate ones, else 2),
    /// divided by H · W: Σ_p r[p]² = Σ_f weight(f) |R̂(f)|².
    let columnWeights: [Float]

    /// The operator of `kernels` on `height × width` images; the kernels must fit in the image.
    public init(kernels: ConvolutionKernels, height: Int, width: Int, threads: Int = processorCount) throws(ConvolutionalCodingError) {
        guard kernels.height <= height, kernels.width <= width else {
            throw ConvolutionalCodingError("kernels of \(kernels.height)x\(kernels.width) are larger than the \(height)x\(width) image; use smaller kernels or a larger image")
        }
        self.kernels = kernels
        self.height = height
        self.width = width
        let threads = max(1, threads)
        self.threads = threads
        plan = RealFFT2D(height: height, width: width)
        frequencies = (plan.spectrumCount + 7) / 8 * 8
        let sw = plan.spectrumWidth
        let scale = 1 / Float(height * width)
        columnWeights = (0..<sw).map { l in (l == 0 || (width % 2 == 0 && l == width / 2)) ? scale : 2 * scale }

        let (count, weights) = (plan.spectrumCount, columnWeights)
        frequencyWeights = (0..<frequencies).map { k in k < count ? weights[k % sw] : 0 }
        let (m, c, f) = (kernels.count, kernels.channels, frequencies)
        var real = [Float](repeating: 0, count: m * c * f)
        var imaginary = [Float](repeating: 0, count: m * c * f)
        let plan = self.plan
        let (kh, kw) = (kernels.height, kernels.width)
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                nonisolated(unsafe) let (re, im) = (re, im)
                forEachPiece(m * c, parts: threads) { _, planes in
                    let scratch = plan.makeScratch()
                    var padded = [Float](repeating: 0, count: height * width)
                    for p in planes {
                        for i in 0..<kh {
                            for j in 0..<kw { padded[i * width + j] = kernels.values[(p * kh + i) * kw + j] }
                        }
                        plan.forward(padded, real: re.baseAddress! + p * f, imaginary: im.baseAddress! + p * f, scratch: scratch)
                    }
                }
            }
        }
        kernelReal = real
        kernelImaginary = imaginary
        lipschitz = Self.largestEigenvalue(real: real, imaginary: imaginary, count: m, channels: c, frequencies: f)
    }

    /// max over f of λmax(D̂(f) D̂(f)ᴴ), the C × C Hermitian matrix Σ_m d̂_{c,m} conj(d̂_{c',m});
    /// for C > 1 by power iteration from the all-ones vector (Rayleigh quotient), slightly enlarged
    /// so that a step of 1/L stays safe.
    static func largestEigenvalue(real: [Float], imaginary: [Float], count m: Int, channels c: Int, frequencies f: Int) -> Float {
        var largest: Double = 0
        if c == 1 {
            for k in 0..<f {
                var sum: Double = 0
                for i in 0..<m {
                    let (a, b) = (Double(real[i * f + k]), Double(imaginary[i * f + k]))
                    sum += a * a + b * b
                }
                largest = max(largest, sum)
            }
            return Float(largest * 1.0001)
        }
        var gramRe = [Double](repeating: 0, count: c * c), gramIm = gramRe
        var vRe = [Double](repeating: 0, count: c), vIm = vRe, wRe = vRe, wIm = vRe
        for k in 0..<f {
            for p in 0..<c {
                for q in 0..<c {
                    var sr: Double = 0, si: Double = 0
                    for i in 0..<m {
                        let (a, b) = (Double(real[(i * c + p) * f + k]), Double(imaginary[(i * c + p) * f + k]))
                        let (x, y) = (Double(real[(i * c + q) * f + k]), Double(imaginary[(i * c + q) * f + k]))
                        sr += a * x + b * y   // (a + ib)(x − iy)
                        si += b * x - a * y
                    }
                    gramRe[p * c + q] = sr
                    gramIm[p * c + q] = si
                }
            }
            for p in 0..<c { vRe[p] = 1; vIm[p] = 0.1 * Double(p) }
            var rayleigh: Double = 0
            for _ in 0..<30 {
                var norm: Double = 0
                for p in 0..<c {
                    var sr: Double = 0, si: Double = 0
                    for q in 0..<c {
                        sr += gramRe[p * c + q] * vRe[q] - gramIm[p * c + q] * vIm[q]
                        si += gramRe[p * c + q] * vIm[q] + gramIm[p * c + q] * vRe[q]
                    }
                    wRe[p] = sr
                    wIm[p] = si
                    norm += sr * sr + si * si
                }
                var vv: Double = 0, vw: Double = 0
                for p in 0..<c {
                    vv += vRe[p] * vRe[p] + vIm[p] * vIm[p]
                    vw += vRe[p] * wRe[p] + vIm[p] * wIm[p]
                }
                rayleigh = vv > 0 ? vw / vv : 0
                guard norm > 0 else { break }
                let scale = 1 / norm.squareRoot()
                for p in 0..<c { vRe[p] = wRe[p] * scale; vIm[p] = wIm[p] * scale }
            }
            largest = max(largest, rayleigh)
        }
        return Float(largest * 1.001)
    }

    // MARK: Whole-array operations (allocate their results)

    /// Σ_m K_m * Z_m: the image `[C, H, W]` that `maps` `[M, H, W]` synthesise.
    public func reconstruct(_ maps: PlaneStack) -> PlaneStack {
        precondition(maps.planes == kernels.count && maps.height == height && maps.width == width, "maps of another shape than the operator's")
        let (m, c, f) = (kernels.count, kernels.channels, frequencies)
        var mapsRe = [Float](repeating: 0, count: m * f), mapsIm = mapsRe
        var imageRe = [Float](repeating: 0, count: c * f), imageIm = imageRe
        var out = PlaneStack(planes: c, height: height, width: width)
        let scratches = makeScratches()
        transform(maps.values, planes: m, real: &mapsRe, imaginary: &mapsIm, scratches: scratches)
        synthesize(mapsReal: mapsRe, mapsImaginary: mapsIm, real: &imageRe, imaginary: &imageIm, subtractingReal: nil, subtractingImaginary: nil)
        inverse(real: imageRe, imaginary: imageIm, planes: c, output: &out.values, scratches: scratches)
        return out
    }

    /// The adjoint Σ_c K_{m,c} ⋆ Y_c (circular correlation): maps `[M, H, W]` from an image `[C, H, W]`,
    /// so that ⟨reconstruct(Z), Y⟩ = ⟨Z, adjoint(Y)⟩.
    public func adjoint(_ image: PlaneStack) -> PlaneStack {
        precondition(image.planes == kernels.channels && image.height == height && image.width == width, "an image of another shape than the operator's")
        let (m, c, f) = (kernels.count, kernels.channels, frequencies)
        var imageRe = [Float](repeating: 0, count: c * f), imageIm = imageRe
        var mapsRe = [Float](repeating: 0, count: m * f), mapsIm = mapsRe
        var out = PlaneStack(planes: m, height: height, width: width)
        let scratches = makeScratches()
        transform(image.values, planes: c, real: &imageRe, imaginary: &imageIm, scratches: scratches)
        correlate(residualReal: imageRe, residualImaginary: imageIm, real: &mapsRe, imaginary: &mapsIm)
        inverse(real: mapsRe, imaginary: mapsIm, planes: m, output: &out.values, scratches: scratches)
        return out
    }

    /// The energy ½‖Y − Σ_m K_m * Z_m‖² + λ Σ_m ‖Z_m‖₁ of `maps` for `image`, and its parts.
    public func energy(image: PlaneStack, maps: PlaneStack, lambda: Float) -> CSCEnergy {
        let residual = reconstruct(maps)
        var data: Double = 0
        for k in image.values.indices {
            let r = Double(residual.values[k]) - Double(image.values[k])
            data += r * r
        }
        let l1 = maps.values.reduce(0.0) { $0 + Double(abs($1)) }
        return CSCEnergy(dataTerm: data / 2, l1Norm: l1, lambda: Double(lambda))
    }

    /// How far `maps` are from a minimiser of the energy: with g = Kᵀ ⋆ (Σ K * Z − Y), the
    /// violation is |g + λ sign z| where z ≠ 0 and max(|g| − λ, 0) where z = 0 (zero at a minimiser).
    public func optimality(image: PlaneStack, maps: PlaneStack, lambda: Float) -> CSCOptimality {
        var residual = reconstruct(maps)
        for k in residual.values.indices { residual.values[k] -= image.values[k] }
        let gradient = adjoint(residual)
        var largest: Double = 0, sum: Double = 0
        for k in maps.values.indices {
            let (z, g) = (Double(maps.values[k]), Double(gradient.values[k]))
            let violation = z != 0 ? abs(g + Double(lambda) * (z > 0 ? 1 : -1)) : max(abs(g) - Double(lambda), 0)
            largest = max(largest, violation)
            sum += violation
        }
        return CSCOptimality(maxViolation: largest, meanViolation: maps.values.isEmpty ? 0 : sum / Double(maps.values.count))
    }

    // MARK: Building blocks on caller-owned memory (no allocation but one scratch per thread)

    /// Half spectra of `planes` planes of H × W values, split over the threads.
    func transform(_ input: UnsafePointer<Float>, planes: Int, real: UnsafeMutablePointer<Float>, imaginary: UnsafeMutablePointer<Float>,
                   scratches: [FFTScratch]) {
        nonisolated(unsafe) let (input, real, imaginary, scratches) = (input, real, imaginary, scratches)
        let (plan, f, n) = (plan, frequencies, height * width)
        forEachPiece(planes, parts: threads) { piece, range in
            let scratch = scratches[piece]
            for p in range { plan.forward(input + p * n, real: real + p * f, imaginary: imaginary + p * f, scratch: scratch) }
        }
    }

    /// The planes whose half spectra are given, split over the threads.
    func inverse(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>, planes: Int, output: UnsafeMutablePointer<Float>,
                 scratches: [FFTScratch]) {
        nonisolated(unsafe) let (output, real, imaginary, scratches) = (output, real, imaginary, scratches)
        let (plan, f, n) = (plan, frequencies, height * width)
        forEachPiece(planes, parts: threads) { piece, range in
            let scratch = scratches[piece]
            for p in range { plan.inverse(real: real + p * f, imaginary: imaginary + p * f, output: output + p * n, scratch: scratch) }
        }
    }

    /// Image spectra Σ_m D̂_{c,m} Ẑ_m (minus the image's spectra `subtracting…`, when given: the residual).
    func synthesize(mapsReal: UnsafePointer<Float>, mapsImaginary: UnsafePointer<Float>,
                    real: UnsafeMutablePointer<Float>, imaginary: UnsafeMutablePointer<Float>,
                    subtractingReal: UnsafePointer<Float>?, subtractingImaginary: UnsafePointer<Float>?) {
        nonisolated(unsafe) let (zr, zi, real, imaginary) = (mapsReal, mapsImaginary, real, imaginary)
        nonisolated(unsafe) let (sr, si) = (subtractingReal, subtractingImaginary)
        let (m, c, f) = (kernels.count, kernels.channels, frequencies)
        kernelReal.withUnsafeBufferPointer { dr in
            kernelImaginary.withUnsafeBufferPointer { di in
                nonisolated(unsafe) let (dr, di) = (dr.baseAddress!, di.baseAddress!)
                forEachRange(f, parts: threads, granularity: 64) { range in
                    for ch in 0..<c {
                        let (outR, outI) = (real + ch * f, imaginary + ch * f)
                        if let sr, let si {
                            for k in range { outR[k] = -sr[ch * f + k]; outI[k] = -si[ch * f + k] }
                        } else {
                            for k in range { outR[k] = 0; outI[k] = 0 }
                        }
                        for i in 0..<m {
                            let (ar, ai) = (dr + (i * c + ch) * f, di + (i * c + ch) * f)
                            let (br, bi) = (zr + i * f, zi + i * f)
                            for k in range {
                                outR[k] += ar[k] * br[k] - ai[k] * bi[k]
                                outI[k] += ar[k] * bi[k] + ai[k] * br[k]
                            }
                        }
                    }
                }
            }
        }
    }

    /// Map spectra Σ_c conj(D̂_{c,m}) R̂_c.
    func correlate(residualReal: UnsafePointer<Float>, residualImaginary: UnsafePointer<Float>,
                   real: UnsafeMutablePointer<Float>, imaginary: UnsafeMutablePointer<Float>) {
        nonisolated(unsafe) let (rr, ri, real, imaginary) = (residualReal, residualImaginary, real, imaginary)
        let (m, c, f) = (kernels.count, kernels.channels, frequencies)
        kernelReal.withUnsafeBufferPointer { dr in
            kernelImaginary.withUnsafeBufferPointer { di in
                nonisolated(unsafe) let (dr, di) = (dr.baseAddress!, di.baseAddress!)
                forEachRange(f, parts: threads, granularity: 64) { range in
                    for i in 0..<m {
                        let (outR, outI) = (real + i * f, imaginary + i * f)
                        for k in range { outR[k] = 0; outI[k] = 0 }
                        for ch in 0..<c {
                            let (ar, ai) = (dr + (i * c + ch) * f, di + (i * c + ch) * f)
                            let (br, bi) = (rr + ch * f, ri + ch * f)
                            for k in range {
                                outR[k] += ar[k] * br[k] + ai[k] * bi[k]
                                outI[k] += ar[k] * bi[k] - ai[k] * br[k]
                            }
                        }
                    }
                }
            }
        }
    }

    /// ½ Σ_p r[p]² of the planes whose half spectra are given (Parseval).
    func halfSquaredNorm(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>, planes: Int) -> Double {
        let sw = plan.spectrumWidth
        var total: Double = 0
        for p in 0..<planes {
            for row in 0..<height {
                let base = p * frequencies + row * sw
                var sum: Float = 0
                for l in 0..<sw {
                    let (a, b) = (real[base + l], imaginary[base + l])
                    sum += columnWeights[l] * (a * a + b * b)
                }
                total += Double(sum)
            }
        }
        return total / 2
    }

    /// One FFT scratch per thread, for the building blocks.
    func makeScratches() -> [FFTScratch] { (0..<threads).map { _ in plan.makeScratch() } }
}

/// The parts of the CSC energy ½‖Y − Σ K * Z‖² + λ‖Z‖₁.
public struct CSCEnergy: Sendable, Equatable {
    /// ½‖Y − Σ K * Z‖².
    public var dataTerm: Double
    /// ‖Z‖₁ over every map and pixel.
    public var l1Norm: Double
    public var lambda: Double
    /// dataTerm + λ · l1Norm.
    public var total: Double { dataTerm + lambda * l1Norm }
    public init(dataTerm: Double, l1Norm: Double, lambda: Double) {
        self.dataTerm = dataTerm
        self.l1Norm = l1Norm
        self.lambda = lambda
    }
}

/// Violation of the optimality (KKT) conditions of the CSC energy at some maps.
public struct CSCOptimality: Sendable, Equatable {
    /// The largest violation over every coefficient.
    public var maxViolation: Double
    /// The mean violation over every coefficient.
    public var meanViolation: Double
}
