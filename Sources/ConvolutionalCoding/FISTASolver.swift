import Fourier
import SparseCoding

/// FISTA on the CSC energy with the gradient through the DFT: per iteration M forward and M
/// inverse transforms; the residual spectra are kept for both the iterate and the previous
/// one, so that the extrapolated point's residual is their combination (no transform) and the
/// energy of every iterate comes from Parseval.
struct FISTASolver {
    let op: ConvolutionOperator
    let options: CSCEncoderOptions

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
            var sums = [Double](repeating: 0, count: 4 * threads)   // change², norm², restart, l1
            x.withUnsafeMutableBufferPointer { xp in
                previous.withUnsafeMutableBufferPointer { pp in
                    y.withUnsafeBufferPointer { yp in
                        gradient.withUnsafeBufferPointer { gp in
                            sums.withUnsafeMutableBufferPointer { sp in
                                nonisolated(unsafe) let (xp, pp, yp, gp, sp) = (xp, pp, yp, gp, sp)
                                forEachPiece(m * n, parts: threads, granularity: 1024) { piece, range in
                                    var change: Float = 0, norm: Float = 0, restart: Float = 0, l1: Float = 0
                                    for k in range {
                                        let old = xp[k]
                                        let new = softThreshold(yp[k] - step * gp[k], threshold)
                                        pp[k] = old
                                        xp[k] = new
                                        let d = new - old
                                        change += d * d
                                        norm += new * new
                                        restart += (yp[k] - new) * d
                                        l1 += abs(new)
                                    }
                                    sp[4 * piece] = Double(change)
                                    sp[4 * piece + 1] = Double(norm)
                                    sp[4 * piece + 2] = Double(restart)
                                    sp[4 * piece + 3] = Double(l1)
                                }
                            }
                        }
                    }
                }
            }
            var change: Double = 0, norm: Double = 0, restart: Double = 0
            l1 = 0
            for piece in 0..<threads {
                change += sums[4 * piece]; norm += sums[4 * piece + 1]
                restart += sums[4 * piece + 2]; l1 += sums[4 * piece + 3]
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
                    nonisolated(unsafe) let (out, xp, pp) = (out, xp, pp)
                    forEachRange(out.count, parts: op.threads, granularity: 4096) { range in
                        for k in range { out[k] = xp[k] + beta * (xp[k] - pp[k]) }
                    }
                }
            }
        }
    }
}
