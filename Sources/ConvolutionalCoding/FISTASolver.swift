import Fourier
import SparseCoding

/// FISTA on the CSC energy with the gradient through the DFT: per iteration M forward and M
/// inverse transforms; the residual spectra are kept for both the iterate and the previous
/// one, so that the extrapolated point's residual is their combination (no transform) and the
/// energy of every iterate comes from Parseval.
struct FISTASolver {
    let op: ConvolutionOperator
    let options: CSCEncoderOptions
    /// Where the maps may be non-zero (everywhere when nil).
    var support: MapSupport? = nil

    func solve(_ image: PlaneStack, warmStart: PlaneStack?) -> CSCEncodeResult {
        let (m, c, f, n) = (op.kernels.count, op.kernels.channels, op.frequencies, op.height * op.width)
        let lambda = options.lambda
        let step = op.lipschitz > 0 ? 1 / op.lipschitz : 0
        let threshold = lambda * step
        let scratches = op.makeScratches()

        var x = warmStart?.values ?? [Float](repeating: 0, count: m * n)
        var previous = x, y = x, gradient = [Float](repeating: 0, count: m * n)
        var mapsRe = [Float](repeating: 0, count: m * f), mapsIm = mapsRe
        var imageRe = [Float](repeating: 0, count: c * f), imageIm = imageRe
        var residualRe = imageRe, residualIm = imageRe           // at x
        var previousRe = imageRe, previousIm = imageRe           // at the previous x
        var pointRe = imageRe, pointIm = imageRe                 // at y

        op.transform(image.values, planes: c, real: &imageRe, imaginary: &imageIm, scratches: scratches)
        // Residual spectra of the starting maps.
        op.transform(x, planes: m, real: &mapsRe, imaginary: &mapsIm, scratches: scratches)
        op.synthesize(mapsReal: mapsRe, mapsImaginary: mapsIm, real: &residualRe, imaginary: &residualIm,
                      subtractingReal: imageRe, subtractingImaginary: imageIm)
        pointRe = residualRe
        pointIm = residualIm
        var dataTerm = op.halfSquaredNorm(real: residualRe, imaginary: residualIm, planes: c)
        var l1 = x.reduce(0.0) { $0 + Double(abs($1)) }

        var t: Double = 1
        var iterations = 0
        var reason = CSCStopReason.maxIterations
        let threads = op.threads
        while iterations < options.maxIterations {
            if let target = options.targetEnergy, dataTerm + Double(lambda) * l1 <= target {
                reason = .targetReached
                break
            }
            iterations += 1
            // Gradient at y: Kᵀ ⋆ (Σ K * y − Y).
            op.correlate(residualReal: pointRe, residualImaginary: pointIm, real: &mapsRe, imaginary: &mapsIm)
            op.inverse(real: mapsRe, imaginary: mapsIm, planes: m, output: &gradient, scratches: scratches)
            // Proximal step, with the sums the stopping and restart tests need.
            var sums = [(change: Double, norm: Double, restart: Double, l1: Double)](repeating: (0, 0, 0, 0), count: threads)
            x.withUnsafeMutableBufferPointer { xp in
                previous.withUnsafeMutableBufferPointer { pp in
                    y.withUnsafeBufferPointer { yp in
                        gradient.withUnsafeBufferPointer { gp in
                            sums.withUnsafeMutableBufferPointer { sp in
                                nonisolated(unsafe) let (xp, pp, yp, gp, sp) = (xp.baseAddress!, pp.baseAddress!, yp.baseAddress!, gp.baseAddress!, sp)
                                let support = support
                                forEachPiece(m * n, parts: threads, granularity: 1024) { piece, range in
                                    var total = (change: 0.0, norm: 0.0, restart: 0.0, l1: 0.0)
                                    support.forEachRun(in: range) { run, free in
                                        let at = run.lowerBound
                                        let part = proximalStep(x: xp + at, previous: pp + at, y: yp + at, gradient: gp + at,
                                                                count: run.count, step: step, threshold: free ? threshold : .infinity)
                                        total = (total.change + part.change, total.norm + part.norm,
                                                 total.restart + part.restart, total.l1 + part.l1)
                                    }
                                    sp[piece] = total
                                }
                            }
                        }
                    }
                }
            }
            var change: Double = 0, norm: Double = 0, restart: Double = 0
            l1 = 0
            for part in sums {
                change += part.change; norm += part.norm
                restart += part.restart; l1 += part.l1
            }
            // Residual spectra of the new x; the old ones become the previous.
            swap(&previousRe, &residualRe)
            swap(&previousIm, &residualIm)
            op.transform(x, planes: m, real: &mapsRe, imaginary: &mapsIm, scratches: scratches)
            op.synthesize(mapsReal: mapsRe, mapsImaginary: mapsIm, real: &residualRe, imaginary: &residualIm,
                          subtractingReal: imageRe, subtractingImaginary: imageIm)
            dataTerm = op.halfSquaredNorm(real: residualRe, imaginary: residualIm, planes: c)

            if change <= Double(options.tolerance * options.tolerance) * norm {
                reason = .converged
                break
            }
            // Momentum, restarted when the step went against the extrapolation.
            var beta: Float = 0
            if restart > 0 {
                t = 1
            } else {
                let next = (1 + (1 + 4 * t * t).squareRoot()) / 2
                beta = Float((t - 1) / next)
                t = next
            }
            extrapolate(&y, from: x, previous: previous, beta: beta)
            extrapolate(&pointRe, from: residualRe, previous: previousRe, beta: beta)
            extrapolate(&pointIm, from: residualIm, previous: previousIm, beta: beta)
        }
        if let target = options.targetEnergy, reason == .maxIterations, dataTerm + Double(lambda) * l1 <= target {
            reason = .targetReached
        }
        let nonZeros = x.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        return CSCEncodeResult(
            maps: PlaneStack(planes: m, height: op.height, width: op.width, values: x),
            energy: CSCEnergy(dataTerm: dataTerm, l1Norm: l1, lambda: Double(lambda)),
            nonZeros: nonZeros, iterations: iterations, stopReason: reason)
    }

    /// point = x + β (x − previous), split over the threads.
    private func extrapolate(_ point: inout [Float], from x: [Float], previous: [Float], beta: Float) {
        point.withUnsafeMutableBufferPointer { out in
            x.withUnsafeBufferPointer { xp in
                previous.withUnsafeBufferPointer { pp in
                    nonisolated(unsafe) let (out, xp, pp) = (out.baseAddress!, xp.baseAddress!, pp.baseAddress!)
                    forEachRange(x.count, parts: op.threads, granularity: 4096) { range in
                        let at = range.lowerBound
                        ConvolutionalCoding.extrapolate(out + at, xp + at, pp + at, count: range.count, beta: beta)
                    }
                }
            }
        }
    }
}
