import Fourier
import SparseCoding

/// The statistics of one image's codes that the kernels' least-squares fit needs, restricted to
/// the kernels' supports, and the minimisation of the surrogate they define.
///
/// With the kernels as a matrix D `[n, C]`, n = M·S1·S2, row (m, i, j) and column c holding
/// K_m[c, i, j], the reconstruction is Σ_(m,i,j) D[(m,i,j), c] · Z_m(· − (i, j)), so
/// ½‖Y − Σ K * Z‖² = ½ tr(Dᵀ A D) − tr(Dᵀ B) + ½‖Y‖² with
/// A[(m,a),(m',b)] = ⟨Z_m(· − a), Z_m'(· − b)⟩ = Σ_q Z_m[q] Z_m'[q + a − b] and
/// B[(m,a), c] = Σ_q Z_m[q] Y_c[q + a]: circular cross-correlations, read off the inverse
/// transforms of conj(Ẑ_m) Ẑ_m' and conj(Ẑ_m) Ŷ_c at the shifts within the support.
enum KernelStatistics {
    static func compute(maps: PlaneStack, image: PlaneStack, operator op: ConvolutionOperator) -> (gram: [Float], correlation: [Float]) {
        let kernels = op.kernels
        let (m, c, f, h, w) = (kernels.count, kernels.channels, op.frequencies, op.height, op.width)
        let (s1, s2) = (kernels.height, kernels.width)
        let support = s1 * s2, n = m * support
        let scratches = op.makeScratches()
        var mapsRe = [Float](repeating: 0, count: m * f), mapsIm = mapsRe
        var imageRe = [Float](repeating: 0, count: c * f), imageIm = imageRe
        op.transform(maps.values, planes: m, real: &mapsRe, imaginary: &mapsIm, scratches: scratches)
        op.transform(image.values, planes: c, real: &imageRe, imaginary: &imageIm, scratches: scratches)

        // Jobs: the pairs m ≤ m' (Gram blocks), then (m, c) (correlations).
        var jobs = [(Int, Int, Bool)]()
        for a in 0..<m { for b in a..<m { jobs.append((a, b, true)) } }
        for a in 0..<m { for ch in 0..<c { jobs.append((a, ch, false)) } }
        var gram = [Float](repeating: 0, count: n * n)
        var correlation = [Float](repeating: 0, count: n * c)
        gram.withUnsafeMutableBufferPointer { gp in
            correlation.withUnsafeMutableBufferPointer { cp in
                nonisolated(unsafe) let (gp, cp) = (gp, cp)
                nonisolated(unsafe) let (mapsRe, mapsIm, imageRe, imageIm, scratches) = (mapsRe, mapsIm, imageRe, imageIm, scratches)
                forEachPiece(jobs.count, parts: op.threads) { piece, range in
                    var productRe = [Float](repeating: 0, count: f), productIm = productRe
                    var shifts = [Float](repeating: 0, count: h * w)
                    for job in range {
                        let (a, b, isGram) = jobs[job]
                        // conj(Ẑ_a) · (Ẑ_b or Ŷ_b).
                        let (otherRe, otherIm) = isGram ? (mapsRe, mapsIm) : (imageRe, imageIm)
                        for k in 0..<f {
                            let (ar, ai) = (mapsRe[a * f + k], mapsIm[a * f + k])
                            let (br, bi) = (otherRe[b * f + k], otherIm[b * f + k])
                            productRe[k] = ar * br + ai * bi
                            productIm[k] = ar * bi - ai * br
                        }
                        op.plan.inverse(real: productRe, imaginary: productIm, output: &shifts, scratch: scratches[piece])
                        // The inverse divides by H·W, as the correlation theorem needs.
                        @inline(__always) func at(_ dy: Int, _ dx: Int) -> Float {
                            shifts[((dy % h + h) % h) * w + ((dx % w + w) % w)]
                        }
                        if isGram {
                            for i in 0..<s1 { for j in 0..<s2 {
                                for i2 in 0..<s1 { for j2 in 0..<s2 {
                                    let value = at(i - i2, j - j2)
                                    let row = a * support + i * s2 + j, column = b * support + i2 * s2 + j2
                                    gp[row * n + column] = value
                                    gp[column * n + row] = value
                                } }
                            } }
                        } else {
                            for i in 0..<s1 { for j in 0..<s2 {
                                cp[(a * support + i * s2 + j) * c + b] = at(i, j)
                            } }
                        }
                    }
                }
            }
        }
        return (gram, correlation)
    }

    /// The kernels minimising ½ tr(Dᵀ A D) − tr(Dᵀ B) with every kernel in the unit ball, by
    /// `iterations` steps of projected gradient with momentum (FISTA, step 1/λmax(A)) from `start`;
    /// with `zeroMean`, every kernel channel is also kept at zero mean (the projection onto the
    /// zero-mean subspace, then onto the ball, is the projection onto their intersection).
    static func minimiseSurrogate(gram: [Float], correlation: [Float], start: ConvolutionKernels,
                                  iterations: Int, zeroMean: Bool, threads: Int) throws(ConvolutionalCodingError) -> ConvolutionKernels {
        let (m, c, s1, s2) = (start.count, start.channels, start.height, start.width)
        let support = s1 * s2, n = m * support
        // D [n, C] from the kernels' [M, C, S1, S2].
        var d = [Float](repeating: 0, count: n * c)
        for k in 0..<m { for ch in 0..<c { for p in 0..<support {
            d[(k * support + p) * c + ch] = start.values[(k * c + ch) * support + p]
        } } }
        let largest = largestEigenvalue(gram, n: n, threads: threads)
        guard largest > 0 else { return start }
        let step = 1 / largest
        var previous = d, point = d
        var t: Double = 1
        for _ in 0..<iterations {
            let product = matmul(gram, point, m: n, k: n, n: c, threads: threads)
            previous = d
            for k in d.indices { d[k] = point[k] - step * (product[k] - correlation[k]) }
            // Project each kernel onto the zero-mean subspace (if asked) and the unit ball.
            if zeroMean {
                for k in 0..<m {
                    for ch in 0..<c {
                        var mean: Float = 0
                        for p in 0..<support { mean += d[(k * support + p) * c + ch] }
                        mean /= Float(support)
                        for p in 0..<support { d[(k * support + p) * c + ch] -= mean }
                    }
                }
            }
            for k in 0..<m {
                let range = (k * support * c)..<((k + 1) * support * c)
                let norm = d[range].reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
                if norm > 1 { for e in range { d[e] /= norm } }
            }
            let next = (1 + (1 + 4 * t * t).squareRoot()) / 2
            let beta = Float((t - 1) / next)
            t = next
            for k in d.indices { point[k] = d[k] + beta * (d[k] - previous[k]) }
        }
        var values = [Float](repeating: 0, count: n * c)
        for k in 0..<m { for ch in 0..<c { for p in 0..<support {
            values[(k * c + ch) * support + p] = d[(k * support + p) * c + ch]
        } } }
        return try ConvolutionKernels(count: m, channels: c, height: s1, width: s2, values: values)
    }

    /// λmax of the symmetric positive semidefinite `a` [n, n], by power iteration, enlarged by
    /// 10% so that 1/λ is a safe step.
    static func largestEigenvalue(_ a: [Float], n: Int, threads: Int) -> Float {
        var v = [Float](repeating: 1 / Float(n).squareRoot(), count: n)
        var estimate: Float = 0
        for _ in 0..<30 {
            let w = matmul(a, v, m: n, k: n, n: 1, threads: threads)
            let norm = w.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { return 0 }
            estimate = norm
            v = w.map { $0 / norm }
        }
        return estimate * 1.1
    }
}
