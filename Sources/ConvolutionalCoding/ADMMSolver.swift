#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Fourier
import SparseCoding

/// ADMM on the CSC energy as SPORCO's ConvBPDN (Wohlberg 2016): split Z = Y, the X-step a linear
/// solve per frequency, (D̂ᴴD̂ + ρI) x̂ = D̂ᴴŝ + ρ(ŷ − û), done as
/// x̂ = (b − D̂ᴴ (ρI + D̂D̂ᴴ)⁻¹ D̂ b) / ρ (Sherman–Morrison for C = 1; Woodbury with a C × C
/// inverse per frequency for colour kernels), over-relaxation α = 1.8, the Y-step a soft
/// threshold in space, ρ adapted by residual balancing (SPORCO's AutoRho with its ConvBPDN
/// settings, at each of the first 20 iterations of a cold start, then every 10). Stops on
/// SPORCO's relative primal and dual residuals.
///
/// Per iteration M inverse transforms (X) and M forward ones (Y); the spectra of U are kept by
/// linearity, so Y − U and the energy at Y need no further transform. The maps returned are Y
/// (sparse), and the energy reported is Y's.
struct ADMMSolver {
    let op: ConvolutionOperator
    let options: CSCEncoderOptions
    /// Where the maps Y may be non-zero (everywhere when nil).
    var support: MapSupport? = nil

    /// SPORCO ConvBPDN defaults.
    static let relaxation: Float = 1.8
    static let residualRatio: Double = 1.2
    static let maxScaling: Double = 1000
    /// Iterations between ρ updates. SPORCO's ConvBPDN adapts every iteration; in float32 that
    /// oscillates without converging on small problems (measured in the tests), every 10 does not.
    static let rhoPeriod = 10
    /// From a cold start ρ is far from balanced at first: it is adapted at every one of these
    /// first iterations (10% fewer iterations on a 256x256 photo with 16 kernels), then every
    /// `rhoPeriod`. A warm start begins near balance and keeps `rhoPeriod` throughout.
    static let eagerIterations = 20

    func solve(_ image: PlaneStack, warmStart: PlaneStack?) -> CSCEncodeResult {
        let (m, c, f, n) = (op.kernels.count, op.kernels.channels, op.frequencies, op.height * op.width)
        let lambda = options.lambda
        let threads = op.threads
        let scratches = op.makeScratches()
        var rho = 50 * lambda + 1
        let target = lambda > 0 ? 1 + pow(18.3, log10(Double(lambda)) + 1) : 1

        var x = [Float](repeating: 0, count: m * n)
        var y = warmStart?.values ?? x
        var u = x
        var xRe = [Float](repeating: 0, count: m * f), xIm = xRe
        var yRe = xRe, yIm = xRe, uRe = xRe, uIm = xRe
        var imageRe = [Float](repeating: 0, count: c * f), imageIm = imageRe
        var residualRe = imageRe, residualIm = imageRe

        op.transform(image.values, planes: c, real: &imageRe, imaginary: &imageIm, scratches: scratches)
        if warmStart != nil {
            // Start the scaled dual where it is at a minimiser, U = −Kᵀ(K Y − S) / ρ, so that a
            // warm start from the answer stays there.
            op.transform(y, planes: m, real: &yRe, imaginary: &yIm, scratches: scratches)
            op.synthesize(mapsReal: yRe, mapsImaginary: yIm, real: &residualRe, imaginary: &residualIm,
                          subtractingReal: imageRe, subtractingImaginary: imageIm)
            op.correlate(residualReal: residualRe, residualImaginary: residualIm, real: &uRe, imaginary: &uIm)
            for k in uRe.indices { uRe[k] /= -rho; uIm[k] /= -rho }
            op.inverse(real: uRe, imaginary: uIm, planes: m, output: &u, scratches: scratches)
        }
        let gram = channelGram()
        var inverse = invertedSystems(gram: gram, rho: rho)

        var iterations = 0
        var reason = CSCStopReason.maxIterations
        var previousRe = yRe, previousIm = yIm                       // Ŷ of the previous iteration
        var update: (alpha: Float, scale: Float)? = nil               // Û's update left to the fused pass
        var l1 = y.reduce(0.0) { $0 + Double(abs($1)) }
        var converged = false
        var energy: CSCEnergy
        while true {
            // One pass over the frequencies: Û brought up to date, the energy of the current Y,
            // and the next X̂.
            let dataTerm = c == 1
                ? fusedStepSingleChannel(imageRe: imageRe, imageIm: imageIm, yRe: yRe, yIm: yIm,
                                         previousRe: previousRe, previousIm: previousIm, uRe: &uRe, uIm: &uIm,
                                         xRe: &xRe, xIm: &xIm, inverse: inverse.real, update: update)
                : fusedStep(imageRe: imageRe, imageIm: imageIm, yRe: yRe, yIm: yIm,
                            previousRe: previousRe, previousIm: previousIm, uRe: &uRe, uIm: &uIm,
                            xRe: &xRe, xIm: &xIm, inverseRe: inverse.real, inverseIm: inverse.imaginary, update: update)
            energy = CSCEnergy(dataTerm: dataTerm, l1Norm: l1, lambda: Double(lambda))
            if let goal = options.targetEnergy, energy.total <= goal {
                reason = .targetReached
                break
            }
            if converged {
                reason = .converged
                break
            }
            if iterations >= options.maxIterations { break }
            iterations += 1
            op.inverse(real: xRe, imaginary: xIm, planes: m, output: &x, scratches: scratches)
            // Relaxed X, the Y-step, the U-step, with the residual norms.
            let alpha = Self.relaxation
            let shrink = lambda / rho
            var sums = [[Double]](repeating: [], count: threads)
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    u.withUnsafeMutableBufferPointer { up in
                        sums.withUnsafeMutableBufferPointer { sp in
                            nonisolated(unsafe) let (xp, yp, up, sp) = (xp.baseAddress!, yp.baseAddress!, up.baseAddress!, sp)
                            let support = support
                            forEachPiece(m * n, parts: threads, granularity: 1024) { piece, range in
                                var total = [Double](repeating: 0, count: 6)
                                support.forEachRun(in: range) { run, free in
                                    let at = run.lowerBound
                                    let part = splittingStep(x: xp + at, y: yp + at, u: up + at, count: run.count, alpha: alpha,
                                                             threshold: free ? shrink : .infinity)
                                    for i in 0..<6 { total[i] += part[i] }
                                }
                                sp[piece] = total
                            }
                        }
                    }
                }
            }
            var totals = [Double](repeating: 0, count: 6)
            for part in sums where !part.isEmpty { for i in 0..<6 { totals[i] += part[i] } }
            l1 = totals[5]
            swap(&yRe, &previousRe)
            swap(&yIm, &previousIm)
            op.transform(y, planes: m, real: &yRe, imaginary: &yIm, scratches: scratches)
            update = (alpha, 1)

            let primalNorm = max(totals[1].squareRoot(), totals[2].squareRoot())
            let dualNorm = Double(rho) * totals[4].squareRoot()
            let r = totals[0].squareRoot() / (primalNorm > 0 ? primalNorm : 1)
            let s = Double(rho) * totals[3].squareRoot() / (dualNorm > 0 ? dualNorm : 1)
            if r <= Double(options.tolerance) && s <= Double(options.tolerance) {
                converged = true    // the next pass reports the energy of this Y
                continue
            }
            // Residual balancing (SPORCO's AutoRho with ConvBPDN's settings; see `eagerIterations`).
            if iterations > 1 && (iterations % Self.rhoPeriod == 0 || (warmStart == nil && iterations <= Self.eagerIterations)) {
                var scaling = 1.0
                let multiplier: Double = (s == 0 || r == 0) ? Self.maxScaling
                    : min(Self.maxScaling, (r > s * target ? r / (s * target) : (s * target) / r).squareRoot())
                if r > target * Self.residualRatio * s { scaling = multiplier }
                else if s > (Self.residualRatio / target) * r { scaling = 1 / multiplier }
                if scaling != 1 {
                    rho *= Float(scaling)
                    let factor = Float(1 / scaling)
                    for k in u.indices { u[k] *= factor }
                    update = (alpha, factor)
                    inverse = invertedSystems(gram: gram, rho: rho)
                }
            }
        }
        let nonZeros = y.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        return CSCEncodeResult(maps: PlaneStack(planes: m, height: op.height, width: op.width, values: y),
                               energy: energy, nonZeros: nonZeros, iterations: iterations, stopReason: reason)
    }

    /// G(f) = D̂(f) D̂(f)ᴴ, C × C per frequency, `[f][p][q]` as (re, im) in Double.
    private func channelGram() -> [Double] {
        let (m, c, f) = (op.kernels.count, op.kernels.channels, op.frequencies)
        var gram = [Double](repeating: 0, count: f * c * c * 2)
        let (dr, di) = (op.kernelReal, op.kernelImaginary)
        for p in 0..<c {
            for q in 0..<c {
                for i in 0..<m {
                    let (a, b) = ((i * c + p) * f, (i * c + q) * f)
                    for k in 0..<f {
                        let (ar, ai, br, bi) = (Double(dr[a + k]), Double(di[a + k]), Double(dr[b + k]), Double(di[b + k]))
                        gram[((k * c + p) * c + q) * 2] += ar * br + ai * bi
                        gram[((k * c + p) * c + q) * 2 + 1] += ai * br - ar * bi
                    }
                }
            }
        }
        return gram
    }

    /// (ρI + G(f))⁻¹ per frequency, `[p][q][f]` split complex in Float (Gauss–Jordan: the
    /// matrices are Hermitian positive definite, no pivoting needed).
    private func invertedSystems(gram: [Double], rho: Float) -> (real: [Float], imaginary: [Float]) {
        let (c, f) = (op.kernels.channels, op.frequencies)
        var real = [Float](repeating: 0, count: c * c * f), imaginary = real
        if c == 1 {
            // 1 x 1: (ρ + Σ|D̂|²)⁻¹, real. (ρ changes often early on: keep this cheap.)
            for k in 0..<f { real[k] = Float(1 / (Double(rho) + gram[2 * k])) }
            return (real, imaginary)
        }
        var a = [Double](repeating: 0, count: c * c * 2), inv = a
        for k in 0..<f {
            for e in 0..<(c * c) {
                a[2 * e] = gram[(k * c * c + e) * 2]
                a[2 * e + 1] = gram[(k * c * c + e) * 2 + 1]
                inv[2 * e] = e / c == e % c ? 1 : 0
                inv[2 * e + 1] = 0
            }
            for p in 0..<c { a[2 * (p * c + p)] += Double(rho) }
            for col in 0..<c {
                let (pr, pi) = (a[2 * (col * c + col)], a[2 * (col * c + col) + 1])
                let d = pr * pr + pi * pi
                let (sr, si) = (pr / d, -pi / d)       // 1 / pivot
                for q in 0..<c {
                    for mat in [0, 1] {
                        let (vr, vi) = mat == 0 ? (a[2 * (col * c + q)], a[2 * (col * c + q) + 1]) : (inv[2 * (col * c + q)], inv[2 * (col * c + q) + 1])
                        let (nr, ni) = (vr * sr - vi * si, vr * si + vi * sr)
                        if mat == 0 { a[2 * (col * c + q)] = nr; a[2 * (col * c + q) + 1] = ni }
                        else { inv[2 * (col * c + q)] = nr; inv[2 * (col * c + q) + 1] = ni }
                    }
                }
                for row in 0..<c where row != col {
                    let (fr, fi) = (a[2 * (row * c + col)], a[2 * (row * c + col) + 1])
                    for q in 0..<c {
                        let (vr, vi) = (a[2 * (col * c + q)], a[2 * (col * c + q) + 1])
                        a[2 * (row * c + q)] -= fr * vr - fi * vi
                        a[2 * (row * c + q) + 1] -= fr * vi + fi * vr
                        let (wr, wi) = (inv[2 * (col * c + q)], inv[2 * (col * c + q) + 1])
                        inv[2 * (row * c + q)] -= fr * wr - fi * wi
                        inv[2 * (row * c + q) + 1] -= fr * wi + fi * wr
                    }
                }
            }
            for e in 0..<(c * c) {
                real[e * f + k] = Float(inv[2 * e])
                imaginary[e * f + k] = Float(inv[2 * e + 1])
            }
        }
        return (real, imaginary)
    }

    /// One pass over the frequencies, in lanes of 8 split over the threads:
    /// - Û ← (Û + α X̂ + (1 − α) Ŷ_previous − Ŷ) · scale, when `update` is given (the spectra of
    ///   the U-step, kept by linearity; X̂ is still the previous iteration's when read);
    /// - the data term ½‖Σ K * Y − S‖² of the current Y (Parseval), returned;
    /// - X̂ = (D̂ᴴD̂ + ρI)⁻¹ (D̂ᴴŝ + ρv) with v = Ŷ − Û, computed as v + D̂ᴴ (ρI + D̂D̂ᴴ)⁻¹ (ŝ − D̂ v)
    ///   (the push-through identity: no division by ρ, so no cancellation when ρ is small).
    private func fusedStep(imageRe: UnsafePointer<Float>, imageIm: UnsafePointer<Float>,
                           yRe: UnsafePointer<Float>, yIm: UnsafePointer<Float>,
                           previousRe: UnsafePointer<Float>, previousIm: UnsafePointer<Float>,
                           uRe: UnsafeMutablePointer<Float>, uIm: UnsafeMutablePointer<Float>,
                           xRe: UnsafeMutablePointer<Float>, xIm: UnsafeMutablePointer<Float>,
                           inverseRe: UnsafePointer<Float>, inverseIm: UnsafePointer<Float>,
                           update: (alpha: Float, scale: Float)?) -> Double {
        let (m, c, f) = (op.kernels.count, op.kernels.channels, op.frequencies)
        nonisolated(unsafe) let (xr, xi, imageRe, imageIm, yRe, yIm, uRe, uIm) = (xRe, xIm, imageRe, imageIm, yRe, yIm, uRe, uIm)
        nonisolated(unsafe) let (inverseRe, inverseIm, previousRe, previousIm) = (inverseRe, inverseIm, previousRe, previousIm)
        let threads = op.threads
        return frequencyPass { dr, di, weights, partialPointer in
                nonisolated(unsafe) let (dr, di, weights, partialPointer) = (dr, di, weights, partialPointer)
                let (alpha, scale) = (Lanes(repeating: update?.alpha ?? 0), Lanes(repeating: update?.scale ?? 1))
                let updating = update != nil
                forEachPiece(f, parts: threads, granularity: 8) { piece, range in
                    // t, s and the residual for the C channels, real and imaginary, in lanes.
                    let work = UnsafeMutablePointer<Lanes>.allocate(capacity: 6 * c)
                    defer { work.deallocate() }
                    let (tRe, tIm, sRe, sIm, rRe, rIm) = (work, work + c, work + 2 * c, work + 3 * c, work + 4 * c, work + 5 * c)
                    var energy: Double = 0
                    for k in stride(from: range.lowerBound, to: range.upperBound, by: 8) {
                        for ch in 0..<c {
                            let (sr, si) = (load(imageRe + ch * f + k), load(imageIm + ch * f + k))
                            tRe[ch] = sr; tIm[ch] = si
                            rRe[ch] = -sr; rIm[ch] = -si
                        }
                        for i in 0..<m {
                            let at = i * f + k
                            let (yr, yi) = (load(yRe + at), load(yIm + at))
                            var (ur, ui) = (load(uRe + at), load(uIm + at))
                            if updating {
                                let one = Lanes(repeating: 1)
                                ur = (ur + alpha * load(xr + at) + (one - alpha) * load(previousRe + at) - yr) * scale
                                ui = (ui + alpha * load(xi + at) + (one - alpha) * load(previousIm + at) - yi) * scale
                                store(ur, uRe + at)
                                store(ui, uIm + at)
                            }
                            let (vr, vi) = (yr - ur, yi - ui)
                            store(vr, xr + at)
                            store(vi, xi + at)
                            for ch in 0..<c {
                                let d = (i * c + ch) * f + k
                                let (ar, ai) = (load(dr + d), load(di + d))
                                tRe[ch] -= ar * vr - ai * vi
                                tIm[ch] -= ar * vi + ai * vr
                                rRe[ch] += ar * yr - ai * yi
                                rIm[ch] += ar * yi + ai * yr
                            }
                        }
                        let weight = load(weights + k)
                        var lanes = Lanes()
                        for ch in 0..<c { lanes += weight * (rRe[ch] * rRe[ch] + rIm[ch] * rIm[ch]) }
                        energy += Double(lanes.sum())
                        // s = (ρI + G)⁻¹ t.
                        for p in 0..<c {
                            var (accR, accI) = (Lanes(), Lanes())
                            for q in 0..<c {
                                let g = (p * c + q) * f + k
                                let (ar, ai) = (load(inverseRe + g), load(inverseIm + g))
                                accR += ar * tRe[q] - ai * tIm[q]
                                accI += ar * tIm[q] + ai * tRe[q]
                            }
                            sRe[p] = accR
                            sIm[p] = accI
                        }
                        // x = v + D̂ᴴ s.
                        for i in 0..<m {
                            let at = i * f + k
                            var (xre, xim) = (load(xr + at), load(xi + at))
                            for ch in 0..<c {
                                let d = (i * c + ch) * f + k
                                let (ar, ai) = (load(dr + d), load(di + d))
                                xre += ar * sRe[ch] + ai * sIm[ch]
                                xim += ar * sIm[ch] - ai * sRe[ch]
                            }
                            store(xre, xr + at)
                            store(xim, xi + at)
                        }
                    }
                    partialPointer[piece] = energy
                }
        }
    }
}
