import SparseCoding

extension ADMMSolver {
    /// Frequencies per block of the single-channel pass: each of the 8M spectra it reads is read
    /// in runs of this many (contiguous, so the hardware prefetchers follow them), and the block's
    /// accumulators stay in L1.
    static let frequencyBlock = 512

    /// `fusedStep` for grey kernels (C = 1), the benchmark's case: (ρ + |D̂|²)⁻¹ is real, and the
    /// frequencies go in blocks, kernel by kernel within a block, rather than 8 at a time across
    /// all the kernels (which touches 8M pages per 8 frequencies and defeats the prefetchers).
    func fusedStepSingleChannel(imageRe: UnsafePointer<Float>, imageIm: UnsafePointer<Float>,
                                yRe: UnsafePointer<Float>, yIm: UnsafePointer<Float>,
                                previousRe: UnsafePointer<Float>, previousIm: UnsafePointer<Float>,
                                uRe: UnsafeMutablePointer<Float>, uIm: UnsafeMutablePointer<Float>,
                                xRe: UnsafeMutablePointer<Float>, xIm: UnsafeMutablePointer<Float>,
                                inverse: UnsafePointer<Float>, update: (alpha: Float, scale: Float)?) -> Double {
        let (m, f) = (op.kernels.count, op.frequencies)
        nonisolated(unsafe) let (xRe, xIm, imageRe, imageIm, yRe, yIm, uRe, uIm) = (xRe, xIm, imageRe, imageIm, yRe, yIm, uRe, uIm)
        nonisolated(unsafe) let (inverse, previousRe, previousIm) = (inverse, previousRe, previousIm)
        let threads = op.threads
        return frequencyPass { dr, di, weights, partialPointer in
            let alpha = Lanes(repeating: update?.alpha ?? 0)
            let beta = Lanes(repeating: 1 - (update?.alpha ?? 0))
            let scale = Lanes(repeating: update?.scale ?? 1)
            let updating = update != nil
            forEachPiece(f, parts: threads, granularity: Self.frequencyBlock) { piece, range in
                withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 4 * Self.frequencyBlock / 8) { work in
                    // ŝ − D̂ v and D̂ ŷ − ŝ for one block of frequencies, real and imaginary.
                    let (tRe, tIm) = (work.baseAddress!, work.baseAddress! + Self.frequencyBlock / 8)
                    let (rRe, rIm) = (tIm + Self.frequencyBlock / 8, tIm + 2 * Self.frequencyBlock / 8)
                    var energy: Double = 0
                    for block in stride(from: range.lowerBound, to: range.upperBound, by: Self.frequencyBlock) {
                        let lanes = (min(block + Self.frequencyBlock, range.upperBound) - block) / 8
                        for j in 0..<lanes {
                            let (sr, si) = (load(imageRe + block + 8 * j), load(imageIm + block + 8 * j))
                            tRe[j] = sr; tIm[j] = si
                            rRe[j] = -sr; rIm[j] = -si
                        }
                        for i in 0..<m {
                            for j in 0..<lanes {
                                let at = i * f + block + 8 * j
                                let (yr, yi) = (load(yRe + at), load(yIm + at))
                                var (ur, ui) = (load(uRe + at), load(uIm + at))
                                if updating {
                                    ur = (ur + alpha * load(xRe + at) + beta * load(previousRe + at) - yr) * scale
                                    ui = (ui + alpha * load(xIm + at) + beta * load(previousIm + at) - yi) * scale
                                    store(ur, uRe + at)
                                    store(ui, uIm + at)
                                }
                                let (vr, vi) = (yr - ur, yi - ui)
                                store(vr, xRe + at)
                                store(vi, xIm + at)
                                let (ar, ai) = (load(dr + at), load(di + at))
                                tRe[j] -= ar * vr - ai * vi
                                tIm[j] -= ar * vi + ai * vr
                                rRe[j] += ar * yr - ai * yi
                                rIm[j] += ar * yi + ai * yr
                            }
                        }
                        for j in 0..<lanes {
                            let k = block + 8 * j
                            energy += Double((load(weights + k) * (rRe[j] * rRe[j] + rIm[j] * rIm[j])).sum())
                            let g = load(inverse + k)
                            tRe[j] *= g                   // s = (ρ + |D̂|²)⁻¹ t
                            tIm[j] *= g
                        }
                        // x = v + conj(D̂) s.
                        for i in 0..<m {
                            for j in 0..<lanes {
                                let at = i * f + block + 8 * j
                                let (ar, ai) = (load(dr + at), load(di + at))
                                store(load(xRe + at) + (ar * tRe[j] + ai * tIm[j]), xRe + at)
                                store(load(xIm + at) + (ar * tIm[j] - ai * tRe[j]), xIm + at)
                            }
                        }
                    }
                    partialPointer[piece] = energy
                }
            }
        }
    }

    /// Runs `body` with D̂ (real, imaginary), the Parseval weights and one energy slot per
    /// thread; returns half the slots' sum (the data term).
    func frequencyPass(_ body: (_ dr: UnsafePointer<Float>, _ di: UnsafePointer<Float>, _ weights: UnsafePointer<Float>,
                                _ partial: UnsafeMutableBufferPointer<Double>) -> Void) -> Double {
        var partial = [Double](repeating: 0, count: op.threads)
        partial.withUnsafeMutableBufferPointer { partialPointer in
            op.frequencyWeights.withUnsafeBufferPointer { weights in
                op.kernelReal.withUnsafeBufferPointer { dr in
                    op.kernelImaginary.withUnsafeBufferPointer { di in
                        body(dr.baseAddress!, di.baseAddress!, weights.baseAddress!, partialPointer)
                    }
                }
            }
        }
        return partial.reduce(0, +) / 2
    }
}
