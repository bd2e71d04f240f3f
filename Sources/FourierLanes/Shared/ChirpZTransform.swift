#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bluestein's algorithm: the DFT of any length n as a circular convolution of length
/// M ≥ 2n − 1 (M with factors 2, 3 and 5 only), done with `LaneFFT`. With c_j = e^{iπ j²/n},
/// X[k] = c̄_k Σ_j (x_j c̄_j) c_{k−j}, since 2jk = j² + k² − (k − j)².
struct ChirpZTransform: Sendable {
    let length: Int
    let convolution: LaneFFT
    /// c̄_j for j < n.
    let chirpRe: [Float]
    let chirpIm: [Float]
    /// The DFT of the chirp filter (c_j at j and M − j), divided by M.
    let filterRe: [Float]
    let filterIm: [Float]

    init(length n: Int) {
        length = n
        var m = 1
        while m < 2 * n - 1 { m += 1 }
        while LaneFFT.largestFactor(m) > 5 { m += 1 }
        convolution = LaneFFT(length: m)
        // j² mod 2n keeps the angle exact for large j.
        let angles = (0..<n).map { j in Double.pi * Double((j * j) % (2 * n)) / Double(n) }
        chirpRe = angles.map { Float(cos($0)) }
        chirpIm = angles.map { Float(-sin($0)) }
        // The filter's DFT, by the convolution's own FFT (every lane the same filter).
        let filter = LaneBuffer.allocate(m), work = LaneBuffer.allocate(m)
        defer { filter.deallocate(); work.deallocate() }
        for j in (1 - n)..<n {
            let position = (j + m) % m
            filter.re[position] = Lanes(repeating: Float(cos(angles[abs(j)])))
            filter.im[position] = Lanes(repeating: Float(sin(angles[abs(j)])))
        }
        let spectrum = convolution.forward(filter, work: work)
        let filterRe = (0..<m).map { spectrum.re[$0][0] / Float(m) }
        let filterIm = (0..<m).map { spectrum.im[$0][0] / Float(m) }
        self.filterRe = filterRe
        self.filterIm = filterIm
    }

    /// Lane samples needed besides the data: two sequences of length M.
    var workSamples: Int { 2 * convolution.length }

    /// The DFT of `data` (`length` samples), in place.
    func forward(_ data: LaneBuffer, extra: LaneBuffer) {
        let m = convolution.length
        let n = length
        let a = extra
        let b = LaneBuffer(re: extra.re + m, im: extra.im + m)
        chirpRe.withUnsafeBufferPointer { cr in
            chirpIm.withUnsafeBufferPointer { ci in
                for j in 0..<n {
                    let xr = data.re[j], xi = data.im[j]
                    a.re[j] = xr * cr[j] - xi * ci[j]
                    a.im[j] = xr * ci[j] + xi * cr[j]
                }
                a.re.advanced(by: n).update(repeating: Lanes(), count: m - n)
                a.im.advanced(by: n).update(repeating: Lanes(), count: m - n)
                let spectrum = convolution.forward(a, work: b)
                filterRe.withUnsafeBufferPointer { fr in
                    filterIm.withUnsafeBufferPointer { fi in
                        for k in 0..<m {
                            let sr = spectrum.re[k], si = spectrum.im[k]
                            spectrum.re[k] = sr * fr[k] - si * fi[k]
                            spectrum.im[k] = sr * fi[k] + si * fr[k]
                        }
                    }
                }
                let other = spectrum.re == a.re ? b : a
                let product = convolution.inverse(spectrum, work: other)
                for k in 0..<n {
                    let yr = product.re[k], yi = product.im[k]
                    data.re[k] = yr * cr[k] - yi * ci[k]
                    data.im[k] = yr * ci[k] + yi * cr[k]
                }
            }
        }
    }
}
