import Foundation

/// The definitions, summed directly in double precision: what the FFT is checked against.
/// Separable (rows, then columns), O(HW(H + W)); written independently of Sources/Fourier.
enum NaiveDFT {
    /// numpy.fft.rfft2: X[k, l] = Σ x[m, n] e^{-2πi(km/H + ln/W)} for l ≤ W/2, as
    /// (real, imaginary) row-major `height × (width/2 + 1)`.
    static func forward(_ x: [Float], height: Int, width: Int) -> (re: [Double], im: [Double]) {
        let sw = width / 2 + 1
        var rowsRe = [Double](repeating: 0, count: height * sw), rowsIm = rowsRe
        for m in 0..<height {
            for l in 0..<sw {
                var re = 0.0, im = 0.0
                for n in 0..<width {
                    let angle = -2 * Double.pi * Double((l * n) % width) / Double(width)
                    re += Double(x[m * width + n]) * cos(angle)
                    im += Double(x[m * width + n]) * sin(angle)
                }
                rowsRe[m * sw + l] = re
                rowsIm[m * sw + l] = im
            }
        }
        var re = [Double](repeating: 0, count: height * sw), im = re
        for k in 0..<height {
            for m in 0..<height {
                let angle = -2 * Double.pi * Double((k * m) % height) / Double(height)
                let c = cos(angle), s = sin(angle)
                for l in 0..<sw {
                    let a = rowsRe[m * sw + l], b = rowsIm[m * sw + l]
                    re[k * sw + l] += a * c - b * s
                    im[k * sw + l] += a * s + b * c
                }
            }
        }
        return (re, im)
    }

    /// One bin X[k, l] of the forward transform, summed over the whole array: O(HW).
    static func bin(_ x: [Float], height: Int, width: Int, k: Int, l: Int) -> (re: Double, im: Double) {
        var re = 0.0, im = 0.0
        for m in 0..<height {
            for n in 0..<width {
                let turns = Double((k * m) % height) / Double(height) + Double((l * n) % width) / Double(width)
                re += Double(x[m * width + n]) * cos(-2 * Double.pi * turns)
                im += Double(x[m * width + n]) * sin(-2 * Double.pi * turns)
            }
        }
        return (re, im)
    }

    /// numpy.fft.irfft2 of a half spectrum: the inverse complex DFT of the columns, then per
    /// row x[n] = (1/W)(Re Y₀ + 2 Σ_{0<l<W/2} Re(Y_l e^{2πiln/W}) + Re Y_{W/2} (−1)ⁿ for even W),
    /// all divided by H as well.
    static func inverse(re: [Float], im: [Float], height: Int, width: Int) -> [Double] {
        let sw = width / 2 + 1
        var columnsRe = [Double](repeating: 0, count: height * sw), columnsIm = columnsRe
        for m in 0..<height {
            for k in 0..<height {
                let angle = 2 * Double.pi * Double((k * m) % height) / Double(height)
                let c = cos(angle), s = sin(angle)
                for l in 0..<sw {
                    let a = Double(re[k * sw + l]), b = Double(im[k * sw + l])
                    columnsRe[m * sw + l] += a * c - b * s
                    columnsIm[m * sw + l] += a * s + b * c
                }
            }
        }
        var x = [Double](repeating: 0, count: height * width)
        for m in 0..<height {
            for n in 0..<width {
                var sum = columnsRe[m * sw]
                for l in 1..<sw {
                    let angle = 2 * Double.pi * Double((l * n) % width) / Double(width)
                    let term = columnsRe[m * sw + l] * cos(angle) - columnsIm[m * sw + l] * sin(angle)
                    sum += (width % 2 == 0 && l == width / 2) ? term : 2 * term
                }
                x[m * width + n] = sum / Double(height * width)
            }
        }
        return x
    }
}

/// Uniform values in [−1, 1) from a seeded 64-bit LCG.
func randomArray(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
    }
}

/// ‖a − b‖ / ‖b‖.
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    var difference = 0.0, norm = 0.0
    for (x, y) in zip(a, b) {
        difference += (x - y) * (x - y)
        norm += y * y
    }
    return norm == 0 ? difference.squareRoot() : (difference / norm).squareRoot()
}
