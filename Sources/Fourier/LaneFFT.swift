#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if FOURIER_AVX512
/// Sixteen independent transforms side by side (one AVX-512 register): element `i` of a lane
/// buffer holds the `i`-th sample of sixteen sequences (adjacent columns, or rows transposed),
/// so every butterfly works on all of them at once and needs no shuffles.
typealias Lanes = SIMD16<Float>
/// Two `Lanes`, for the transposes' shuffles.
typealias LanePair = SIMD32<Float>
#else
/// Eight independent transforms side by side (one AVX register, two SSE or NEON registers):
/// element `i` of a lane buffer holds the `i`-th sample of eight sequences (adjacent columns,
/// or rows transposed), so every butterfly works on all of them at once and needs no shuffles.
typealias Lanes = SIMD8<Float>
/// Two `Lanes`, for the transposes' shuffles.
typealias LanePair = SIMD16<Float>
#endif

/// Split complex lane data: `re[i]`, `im[i]` are the real and imaginary parts of sample `i`
/// of the `Lanes.scalarCount` sequences.
struct LaneBuffer {
    var re: UnsafeMutablePointer<Lanes>
    var im: UnsafeMutablePointer<Lanes>

    /// The same memory read as the complex conjugate times i (real and imaginary swapped):
    /// a forward transform of the swapped data, swapped back, is the inverse transform.
    var swapped: LaneBuffer { LaneBuffer(re: im, im: re) }

    /// `count` samples, zeroed.
    static func allocate(_ count: Int) -> LaneBuffer {
        let re = UnsafeMutablePointer<Lanes>.allocate(capacity: max(count, 1))
        let im = UnsafeMutablePointer<Lanes>.allocate(capacity: max(count, 1))
        re.initialize(repeating: Lanes(), count: max(count, 1))
        im.initialize(repeating: Lanes(), count: max(count, 1))
        return LaneBuffer(re: re, im: im)
    }

    func deallocate() {
        re.deallocate()
        im.deallocate()
    }

    /// The real parts as floats: sample `i` of lane `r` is at `Lanes.scalarCount · i + r`.
    var reFloats: UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(re).assumingMemoryBound(to: Float.self)
    }
    var imFloats: UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(im).assumingMemoryBound(to: Float.self)
    }
}

/// An unnormalised complex DFT of one length, X[k] = Σ x[j] e^{-2πi jk/n}, applied to
/// `Lanes.scalarCount` sequences at once: a Stockham autosort FFT (no bit reversal) with radix 4, 2, 3 and
/// 5 butterflies and a direct butterfly for any other prime factor. Twiddles are computed in
/// Double and stored as Float.
///
/// The FFT is O(n Σ factors); for lengths with a large prime factor `ChirpZTransform`
/// (Bluestein's algorithm) is used instead.
struct LaneFFT: Sendable {
    struct Stage: Sendable {
        /// The butterfly's size p.
        let radix: Int
        /// n / (stride · p): butterflies per group.
        let butterflies: Int
        /// Samples between a butterfly's inputs' groups: the product of the earlier radices.
        let stride: Int
        /// Where this stage's (p − 1) · butterflies twiddles start.
        let twiddleOffset: Int
    }

    let length: Int
    let stages: [Stage]
    /// Per stage, butterfly j, output u ≥ 1: e^{-2πi u j / (butterflies · p)}.
    let twiddleRe: [Float]
    let twiddleIm: [Float]
    /// cos and −sin of 2πk/p for the generic odd radices (k < p), per distinct radix.
    let rootRe: [Int: [Float]]
    let rootIm: [Int: [Float]]

    /// The radices, in the order the stages apply them: fours first, then a two, then odd primes.
    static func factors(_ n: Int) -> [Int] {
        var rest = n
        var result: [Int] = []
        while rest % 4 == 0 { result.append(4); rest /= 4 }
        if rest % 2 == 0 { result.append(2); rest /= 2 }
        var p = 3
        while rest > 1 {
            while rest % p == 0 { result.append(p); rest /= p }
            p += 2
            if p * p > rest && rest > 1 { result.append(rest); rest = 1 }
        }
        return result
    }

    /// The largest prime factor of `n` (1 for n = 1).
    static func largestFactor(_ n: Int) -> Int { factors(n).map { $0 == 4 ? 2 : $0 }.max() ?? 1 }

    init(length n: Int) {
        precondition(n >= 1)
        length = n
        var stages: [Stage] = []
        var twRe: [Float] = [], twIm: [Float] = []
        var rootRe: [Int: [Float]] = [:], rootIm: [Int: [Float]] = [:]
        var span = n
        var stride = 1
        for p in LaneFFT.factors(n) {
            let m = span / p
            stages.append(Stage(radix: p, butterflies: m, stride: stride, twiddleOffset: twRe.count))
            for j in 0..<m {
                for u in 1..<p {
                    let angle = -2 * Double.pi * Double(u * j) / Double(span)
                    twRe.append(Float(cos(angle)))
                    twIm.append(Float(sin(angle)))
                }
            }
            if p > 5 && rootRe[p] == nil {
                rootRe[p] = (0..<p).map { Float(cos(2 * Double.pi * Double($0) / Double(p))) }
                rootIm[p] = (0..<p).map { Float(-sin(2 * Double.pi * Double($0) / Double(p))) }
            }
            span = m
            stride *= p
        }
        self.stages = stages
        twiddleRe = twRe
        twiddleIm = twIm
        self.rootRe = rootRe
        self.rootIm = rootIm
    }

    /// The forward transform of `data` (`length` samples); `work` is as large. Returns the
    /// buffer that holds the result (`data` or `work`); the other one is overwritten.
    func forward(_ data: LaneBuffer, work: LaneBuffer) -> LaneBuffer {
        var source = data
        var target = work
        twiddleRe.withUnsafeBufferPointer { twRe in
            twiddleIm.withUnsafeBufferPointer { twIm in
                for stage in stages {
                    let wr = twRe.baseAddress! + stage.twiddleOffset
                    let wi = twIm.baseAddress! + stage.twiddleOffset
                    switch stage.radix {
                    case 4: radix4(source, target, stage.butterflies, stage.stride, wr, wi)
                    case 2: radix2(source, target, stage.butterflies, stage.stride, wr, wi)
                    case 3: radix3(source, target, stage.butterflies, stage.stride, wr, wi)
                    case 5: radix5(source, target, stage.butterflies, stage.stride, wr, wi)
                    default:
                        rootRe[stage.radix]!.withUnsafeBufferPointer { cr in
                            rootIm[stage.radix]!.withUnsafeBufferPointer { ci in
                                radixGeneric(source, target, stage.radix, stage.butterflies, stage.stride,
                                             wr, wi, cr.baseAddress!, ci.baseAddress!)
                            }
                        }
                    }
                    swap(&source, &target)
                }
            }
        }
        return source
    }

    /// The unnormalised inverse, Σ X[k] e^{+2πi jk/n}: the forward transform with real and
    /// imaginary parts swapped.
    func inverse(_ data: LaneBuffer, work: LaneBuffer) -> LaneBuffer {
        forward(data.swapped, work: work.swapped).swapped
    }
}

// The butterflies. Stage with radix p, m butterflies, stride s: for j < m, q < s the inputs are
// a_t = x[q + s(j + t m)], the outputs y[q + s(p j + u)] = (Σ_t a_t ω_p^{tu}) · w^{uj}.

@inline(__always)
private func twiddled(_ re: Lanes, _ im: Lanes, _ wr: Float, _ wi: Float) -> (Lanes, Lanes) {
    (re * wr - im * wi, re * wi + im * wr)
}

private func radix2(_ x: LaneBuffer, _ y: LaneBuffer, _ m: Int, _ s: Int,
                    _ wr: UnsafePointer<Float>, _ wi: UnsafePointer<Float>) {
    for j in 0..<m {
        let w1r = wr[j], w1i = wi[j]
        let input = s * j, output = 2 * s * j
        for q in 0..<s {
            let i0 = input + q, i1 = i0 + s * m
            let ar = x.re[i0], ai = x.im[i0], br = x.re[i1], bi = x.im[i1]
            y.re[output + q] = ar + br
            y.im[output + q] = ai + bi
            let (dr, di) = twiddled(ar - br, ai - bi, w1r, w1i)
            y.re[output + s + q] = dr
            y.im[output + s + q] = di
        }
    }
}

private func radix4(_ x: LaneBuffer, _ y: LaneBuffer, _ m: Int, _ s: Int,
                    _ wr: UnsafePointer<Float>, _ wi: UnsafePointer<Float>) {
    let sm = s * m
    for j in 0..<m {
        let w1r = wr[3 * j], w1i = wi[3 * j]
        let w2r = wr[3 * j + 1], w2i = wi[3 * j + 1]
        let w3r = wr[3 * j + 2], w3i = wi[3 * j + 2]
        let input = s * j, output = 4 * s * j
        for q in 0..<s {
            let i0 = input + q
            let a0r = x.re[i0], a0i = x.im[i0]
            let a1r = x.re[i0 + sm], a1i = x.im[i0 + sm]
            let a2r = x.re[i0 + 2 * sm], a2i = x.im[i0 + 2 * sm]
            let a3r = x.re[i0 + 3 * sm], a3i = x.im[i0 + 3 * sm]
            let t0r = a0r + a2r, t0i = a0i + a2i
            let t1r = a0r - a2r, t1i = a0i - a2i
            let t2r = a1r + a3r, t2i = a1i + a3i
            let t3r = a1r - a3r, t3i = a1i - a3i
            let o = output + q
            y.re[o] = t0r + t2r
            y.im[o] = t0i + t2i
            // b1 = t1 − i t3, b2 = t0 − t2, b3 = t1 + i t3
            let (b1r, b1i) = twiddled(t1r + t3i, t1i - t3r, w1r, w1i)
            let (b2r, b2i) = twiddled(t0r - t2r, t0i - t2i, w2r, w2i)
            let (b3r, b3i) = twiddled(t1r - t3i, t1i + t3r, w3r, w3i)
            y.re[o + s] = b1r
            y.im[o + s] = b1i
            y.re[o + 2 * s] = b2r
            y.im[o + 2 * s] = b2i
            y.re[o + 3 * s] = b3r
            y.im[o + 3 * s] = b3i
        }
    }
}

private func radix3(_ x: LaneBuffer, _ y: LaneBuffer, _ m: Int, _ s: Int,
                    _ wr: UnsafePointer<Float>, _ wi: UnsafePointer<Float>) {
    let sm = s * m
    let sine: Float = 0.866_025_403_784_438_6  // sin(2π/3)
    for j in 0..<m {
        let w1r = wr[2 * j], w1i = wi[2 * j]
        let w2r = wr[2 * j + 1], w2i = wi[2 * j + 1]
        let input = s * j, output = 3 * s * j
        for q in 0..<s {
            let i0 = input + q
            let a0r = x.re[i0], a0i = x.im[i0]
            let a1r = x.re[i0 + sm], a1i = x.im[i0 + sm]
            let a2r = x.re[i0 + 2 * sm], a2i = x.im[i0 + 2 * sm]
            let tr = a1r + a2r, ti = a1i + a2i
            let mr = a0r - 0.5 * tr, mi = a0i - 0.5 * ti
            // d = −i sin(2π/3) (a1 − a2)
            let dr = sine * (a1i - a2i), di = -sine * (a1r - a2r)
            let o = output + q
            y.re[o] = a0r + tr
            y.im[o] = a0i + ti
            let (b1r, b1i) = twiddled(mr + dr, mi + di, w1r, w1i)
            let (b2r, b2i) = twiddled(mr - dr, mi - di, w2r, w2i)
            y.re[o + s] = b1r
            y.im[o + s] = b1i
            y.re[o + 2 * s] = b2r
            y.im[o + 2 * s] = b2i
        }
    }
}

private func radix5(_ x: LaneBuffer, _ y: LaneBuffer, _ m: Int, _ s: Int,
                    _ wr: UnsafePointer<Float>, _ wi: UnsafePointer<Float>) {
    let sm = s * m
    let c1: Float = 0.309_016_994_374_947_45   // cos(2π/5)
    let c2: Float = -0.809_016_994_374_947_5   // cos(4π/5)
    let s1: Float = 0.951_056_516_295_153_5    // sin(2π/5)
    let s2: Float = 0.587_785_252_292_473_2    // sin(4π/5)
    for j in 0..<m {
        let w1r = wr[4 * j], w1i = wi[4 * j], w2r = wr[4 * j + 1], w2i = wi[4 * j + 1]
        let w3r = wr[4 * j + 2], w3i = wi[4 * j + 2], w4r = wr[4 * j + 3], w4i = wi[4 * j + 3]
        let input = s * j, output = 5 * s * j
        for q in 0..<s {
            let i0 = input + q
            let a0r = x.re[i0], a0i = x.im[i0]
            let a1r = x.re[i0 + sm], a1i = x.im[i0 + sm]
            let a2r = x.re[i0 + 2 * sm], a2i = x.im[i0 + 2 * sm]
            let a3r = x.re[i0 + 3 * sm], a3i = x.im[i0 + 3 * sm]
            let a4r = x.re[i0 + 4 * sm], a4i = x.im[i0 + 4 * sm]
            let t1r = a1r + a4r, t1i = a1i + a4i, t3r = a1r - a4r, t3i = a1i - a4i
            let t2r = a2r + a3r, t2i = a2i + a3i, t4r = a2r - a3r, t4i = a2i - a3i
            let m1r = a0r + c1 * t1r + c2 * t2r, m1i = a0i + c1 * t1i + c2 * t2i
            let m2r = a0r + c2 * t1r + c1 * t2r, m2i = a0i + c2 * t1i + c1 * t2i
            let n1r = s1 * t3r + s2 * t4r, n1i = s1 * t3i + s2 * t4i
            let n2r = s2 * t3r - s1 * t4r, n2i = s2 * t3i - s1 * t4i
            let o = output + q
            y.re[o] = a0r + t1r + t2r
            y.im[o] = a0i + t1i + t2i
            // b1 = m1 − i n1, b4 = m1 + i n1, b2 = m2 − i n2, b3 = m2 + i n2
            let (b1r, b1i) = twiddled(m1r + n1i, m1i - n1r, w1r, w1i)
            let (b2r, b2i) = twiddled(m2r + n2i, m2i - n2r, w2r, w2i)
            let (b3r, b3i) = twiddled(m2r - n2i, m2i + n2r, w3r, w3i)
            let (b4r, b4i) = twiddled(m1r - n1i, m1i + n1r, w4r, w4i)
            y.re[o + s] = b1r
            y.im[o + s] = b1i
            y.re[o + 2 * s] = b2r
            y.im[o + 2 * s] = b2i
            y.re[o + 3 * s] = b3r
            y.im[o + 3 * s] = b3i
            y.re[o + 4 * s] = b4r
            y.im[o + 4 * s] = b4i
        }
    }
}

/// Any odd prime p: a direct length-p DFT per butterfly, O(p²), symmetric pairs u and p − u
/// sharing their cosine and sine sums.
private func radixGeneric(_ x: LaneBuffer, _ y: LaneBuffer, _ p: Int, _ m: Int, _ s: Int,
                          _ wr: UnsafePointer<Float>, _ wi: UnsafePointer<Float>,
                          _ cosines: UnsafePointer<Float>, _ minusSines: UnsafePointer<Float>) {
    let sm = s * m
    let half = p / 2
    for j in 0..<m {
        let twiddles = (p - 1) * j
        let input = s * j, output = p * s * j
        for q in 0..<s {
            let i0 = input + q
            let o = output + q
            var sumR = x.re[i0], sumI = x.im[i0]
            for t in 1..<p { sumR += x.re[i0 + t * sm]; sumI += x.im[i0 + t * sm] }
            y.re[o] = sumR
            y.im[o] = sumI
            for u in 1...half {
                // b_u = a0 + Σ_{t=1}^{half} [cos(2π tu/p)(a_t + a_{p−t}) − i sin(2π tu/p)(a_t − a_{p−t})]
                var cr = x.re[i0], ci = x.im[i0]
                var sr = Lanes(), si = Lanes()
                for t in 1...half {
                    let k = (t * u) % p
                    let c = cosines[k], ns = minusSines[k]
                    let ar = x.re[i0 + t * sm], ai = x.im[i0 + t * sm]
                    let br = x.re[i0 + (p - t) * sm], bi = x.im[i0 + (p - t) * sm]
                    cr += c * (ar + br)
                    ci += c * (ai + bi)
                    sr += ns * (ar - br)
                    si += ns * (ai - bi)
                }
                // (−i sin) d: sr, si hold −sin·d; multiply by i: (−si, sr)
                let (bur, bui) = twiddled(cr - si, ci + sr, wr[twiddles + u - 1], wi[twiddles + u - 1])
                let (bvr, bvi) = twiddled(cr + si, ci - sr, wr[twiddles + p - u - 1], wi[twiddles + p - u - 1])
                y.re[o + u * s] = bur
                y.im[o + u * s] = bui
                y.re[o + (p - u) * s] = bvr
                y.im[o + (p - u) * s] = bvi
            }
        }
    }
}
