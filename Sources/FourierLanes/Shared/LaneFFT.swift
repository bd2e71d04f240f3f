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
#elseif FOURIER_AVX2
/// Eight independent transforms side by side (one AVX register).
typealias Lanes = SIMD8<Float>
typealias LanePair = SIMD16<Float>
#else
/// Four independent transforms side by side (one SSE or NEON register): element `i` of a lane
/// buffer holds the `i`-th sample of four sequences (adjacent columns, or rows transposed),
/// so every butterfly works on all of them at once and needs no shuffles. Four rather than
/// eight on the baseline: a radix-8 butterfly of eight-lane values needs twice the sixteen
/// SSE registers and spills (measured: 10 % faster at 512 x 512 with four).
typealias Lanes = SIMD4<Float>
/// Two `Lanes`, for the transposes' shuffles.
typealias LanePair = SIMD8<Float>
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

    /// Sample `i` = re + i·im.
    @inline(__always)
    func set(_ i: Int, _ re: Lanes, _ im: Lanes) {
        self.re[i] = re
        self.im[i] = im
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
/// 5 (and 8) butterflies and a direct butterfly for any other prime factor. Twiddles are computed in
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

    /// The radices, in the order the stages apply them: eights first, then a four or a two,
    /// then odd primes (fewer passes over the data: 256 = 8 · 8 · 4).
    static func factors(_ n: Int) -> [Int] {
        var rest = n
        var result: [Int] = []
        while rest % 8 == 0 { result.append(8); rest /= 8 }
        if rest % 4 == 0 { result.append(4); rest /= 4 }
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
    static func largestFactor(_ n: Int) -> Int { factors(n).map { $0 == 4 || $0 == 8 ? 2 : $0 }.max() ?? 1 }

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
                    case 8: radix8(source, target, stage.butterflies, stage.stride, wr, wi)
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

// The butterflies (index arithmetic wrapping: it cannot overflow, and the checks would cost
// more than the butterflies). Stage with radix p, m butterflies, stride s: for j < m, q < s the inputs are
// a_t = x[q + s(j + t m)], the outputs y[q + s(p j + u)] = (Σ_t a_t ω_p^{tu}) · w^{uj}.

@inline(__always)
private func twiddled(_ re: Lanes, _ im: Lanes, _ wr: Float, _ wi: Float) -> (Lanes, Lanes) {
    (re * wr - im * wi, re * wi + im * wr)
}

private func radix2(_ x: LaneBuffer, _ y: LaneBuffer, _ m: Int, _ s: Int,
                    _ wr: UnsafePointer<Float>, _ wi: UnsafePointer<Float>) {
    for j in 0..<m {
        let w1r = wr[j], w1i = wi[j]
        let input = s &* j, output = 2 &* s &* j
        for q in 0..<s {
            let i0 = input &+ q, i1 = i0 &+ s &* m
            let ar = x.re[i0], ai = x.im[i0], br = x.re[i1], bi = x.im[i1]
            y.re[output &+ q] = ar + br
            y.im[output &+ q] = ai + bi
            let (dr, di) = twiddled(ar - br, ai - bi, w1r, w1i)
            y.set(output &+ s &+ q, dr, di)
        }
    }
}

/// The length-4 DFT (y0, y1, y2, y3), as real and imaginary parts, of x[base + t · step],
/// t < 4: p = x0 ± x2, x1 ± x3; y0 = p0 + p2, y1 = p1 − i p3, y2 = p0 − p2, y3 = p1 + i p3.
@inline(__always)
private func dft4(_ x: LaneBuffer, _ base: Int, _ step: Int) -> (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes, Lanes, Lanes) {
    let x0r = x.re[base], x0i = x.im[base]
    let x1r = x.re[base &+ step], x1i = x.im[base &+ step]
    let x2r = x.re[base &+ 2 &* step], x2i = x.im[base &+ 2 &* step]
    let x3r = x.re[base &+ 3 &* step], x3i = x.im[base &+ 3 &* step]
    let p0r = x0r + x2r, p0i = x0i + x2i, p1r = x0r - x2r, p1i = x0i - x2i
    let p2r = x1r + x3r, p2i = x1i + x3i, p3r = x1r - x3r, p3i = x1i - x3i
    return (p0r + p2r, p0i + p2i, p1r + p3i, p1i - p3r, p0r - p2r, p0i - p2i, p1r - p3i, p1i + p3r)
}

private func radix4(_ x: LaneBuffer, _ y: LaneBuffer, _ m: Int, _ s: Int,
                    _ wr: UnsafePointer<Float>, _ wi: UnsafePointer<Float>) {
    let sm = s &* m
    for j in 0..<m {
        let w1r = wr[3 &* j], w1i = wi[3 &* j]
        let w2r = wr[3 &* j &+ 1], w2i = wi[3 &* j &+ 1]
        let w3r = wr[3 &* j &+ 2], w3i = wi[3 &* j &+ 2]
        let input = s &* j, output = 4 &* s &* j
        for q in 0..<s {
            let i0 = input &+ q
            let (y0r, y0i, y1r, y1i, y2r, y2i, y3r, y3i) = dft4(x, i0, sm)
            let o = output &+ q
            y.set(o, y0r, y0i)
            let (b1r, b1i) = twiddled(y1r, y1i, w1r, w1i)
            let (b2r, b2i) = twiddled(y2r, y2i, w2r, w2i)
            let (b3r, b3i) = twiddled(y3r, y3i, w3r, w3i)
            y.set(o &+ s, b1r, b1i)
            y.set(o &+ 2 &* s, b2r, b2i)
            y.set(o &+ 3 &* s, b3r, b3i)
        }
    }
}

private func radix8(_ x: LaneBuffer, _ y: LaneBuffer, _ m: Int, _ s: Int,
                    _ wr: UnsafePointer<Float>, _ wi: UnsafePointer<Float>) {
    let sm = s &* m
    let r: Float = 0.707_106_781_186_547_5  // 1/√2
    for j in 0..<m {
        let tw = 7 &* j
        let input = s &* j, output = 8 &* s &* j
        for q in 0..<s {
            let i0 = input &+ q
            // E = DFT4(a0, a2, a4, a6), O = DFT4(a1, a3, a5, a7); b_u = E_u + ω₈^u O_u,
            // b_{u+4} = E_u − ω₈^u O_u (u < 4).
            let (e0r, e0i, e1r, e1i, e2r, e2i, e3r, e3i) = dft4(x, i0, 2 &* sm)
            let (o0r, o0i, o1r, o1i, o2r, o2i, o3r, o3i) = dft4(x, i0 &+ sm, 2 &* sm)
            // ω₈ O₁ = (O₁ᵣ + O₁ᵢ, O₁ᵢ − O₁ᵣ)/√2; −i O₂ = (O₂ᵢ, −O₂ᵣ); ω₈³ O₃ = (O₃ᵢ − O₃ᵣ, −O₃ᵣ − O₃ᵢ)/√2
            let w1r = r * (o1r + o1i), w1i = r * (o1i - o1r)
            let w3r = r * (o3i - o3r), w3i = -r * (o3r + o3i)
            let o = output &+ q
            y.re[o] = e0r + o0r
            y.im[o] = e0i + o0i
            let (b1r, b1i) = twiddled(e1r + w1r, e1i + w1i, wr[tw], wi[tw])
            let (b2r, b2i) = twiddled(e2r + o2i, e2i - o2r, wr[tw &+ 1], wi[tw &+ 1])
            let (b3r, b3i) = twiddled(e3r + w3r, e3i + w3i, wr[tw &+ 2], wi[tw &+ 2])
            let (b4r, b4i) = twiddled(e0r - o0r, e0i - o0i, wr[tw &+ 3], wi[tw &+ 3])
            let (b5r, b5i) = twiddled(e1r - w1r, e1i - w1i, wr[tw &+ 4], wi[tw &+ 4])
            let (b6r, b6i) = twiddled(e2r - o2i, e2i + o2r, wr[tw &+ 5], wi[tw &+ 5])
            let (b7r, b7i) = twiddled(e3r - w3r, e3i - w3i, wr[tw &+ 6], wi[tw &+ 6])
            y.set(o &+ s, b1r, b1i)
            y.set(o &+ 2 &* s, b2r, b2i)
            y.set(o &+ 3 &* s, b3r, b3i)
            y.set(o &+ 4 &* s, b4r, b4i)
            y.set(o &+ 5 &* s, b5r, b5i)
            y.set(o &+ 6 &* s, b6r, b6i)
            y.set(o &+ 7 &* s, b7r, b7i)
        }
    }
}

private func radix3(_ x: LaneBuffer, _ y: LaneBuffer, _ m: Int, _ s: Int,
                    _ wr: UnsafePointer<Float>, _ wi: UnsafePointer<Float>) {
    let sm = s &* m
    let sine: Float = 0.866_025_403_784_438_6  // sin(2π/3)
    for j in 0..<m {
        let w1r = wr[2 &* j], w1i = wi[2 &* j]
        let w2r = wr[2 &* j &+ 1], w2i = wi[2 &* j &+ 1]
        let input = s &* j, output = 3 &* s &* j
        for q in 0..<s {
            let i0 = input &+ q
            let a0r = x.re[i0], a0i = x.im[i0]
            let a1r = x.re[i0 &+ sm], a1i = x.im[i0 &+ sm]
            let a2r = x.re[i0 &+ 2 &* sm], a2i = x.im[i0 &+ 2 &* sm]
            let tr = a1r + a2r, ti = a1i + a2i
            let mr = a0r - 0.5 * tr, mi = a0i - 0.5 * ti
            // d = −i sin(2π/3) (a1 − a2)
            let dr = sine * (a1i - a2i), di = -sine * (a1r - a2r)
            let o = output &+ q
            y.re[o] = a0r + tr
            y.im[o] = a0i + ti
            let (b1r, b1i) = twiddled(mr + dr, mi + di, w1r, w1i)
            let (b2r, b2i) = twiddled(mr - dr, mi - di, w2r, w2i)
            y.set(o &+ s, b1r, b1i)
            y.set(o &+ 2 &* s, b2r, b2i)
        }
    }
}

private func radix5(_ x: LaneBuffer, _ y: LaneBuffer, _ m: Int, _ s: Int,
                    _ wr: UnsafePointer<Float>, _ wi: UnsafePointer<Float>) {
    let sm = s &* m
    let c1: Float = 0.309_016_994_374_947_45   // cos(2π/5)
    let c2: Float = -0.809_016_994_374_947_5   // cos(4π/5)
    let s1: Float = 0.951_056_516_295_153_5    // sin(2π/5)
    let s2: Float = 0.587_785_252_292_473_2    // sin(4π/5)
    for j in 0..<m {
        let w1r = wr[4 &* j], w1i = wi[4 &* j], w2r = wr[4 &* j &+ 1], w2i = wi[4 &* j &+ 1]
        let w3r = wr[4 &* j &+ 2], w3i = wi[4 &* j &+ 2], w4r = wr[4 &* j &+ 3], w4i = wi[4 &* j &+ 3]
        let input = s &* j, output = 5 &* s &* j
        for q in 0..<s {
            let i0 = input &+ q
            let a0r = x.re[i0], a0i = x.im[i0]
            let a1r = x.re[i0 &+ sm], a1i = x.im[i0 &+ sm]
            let a2r = x.re[i0 &+ 2 &* sm], a2i = x.im[i0 &+ 2 &* sm]
            let a3r = x.re[i0 &+ 3 &* sm], a3i = x.im[i0 &+ 3 &* sm]
            let a4r = x.re[i0 &+ 4 &* sm], a4i = x.im[i0 &+ 4 &* sm]
            let t1r = a1r + a4r, t1i = a1i + a4i, t3r = a1r - a4r, t3i = a1i - a4i
            let t2r = a2r + a3r, t2i = a2i + a3i, t4r = a2r - a3r, t4i = a2i - a3i
            let m1r = a0r + c1 * t1r + c2 * t2r, m1i = a0i + c1 * t1i + c2 * t2i
            let m2r = a0r + c2 * t1r + c1 * t2r, m2i = a0i + c2 * t1i + c1 * t2i
            let n1r = s1 * t3r + s2 * t4r, n1i = s1 * t3i + s2 * t4i
            let n2r = s2 * t3r - s1 * t4r, n2i = s2 * t3i - s1 * t4i
            let o = output &+ q
            y.re[o] = a0r + t1r + t2r
            y.im[o] = a0i + t1i + t2i
            // b1 = m1 − i n1, b4 = m1 + i n1, b2 = m2 − i n2, b3 = m2 + i n2
            let (b1r, b1i) = twiddled(m1r + n1i, m1i - n1r, w1r, w1i)
            let (b2r, b2i) = twiddled(m2r + n2i, m2i - n2r, w2r, w2i)
            let (b3r, b3i) = twiddled(m2r - n2i, m2i + n2r, w3r, w3i)
            let (b4r, b4i) = twiddled(m1r - n1i, m1i + n1r, w4r, w4i)
            y.set(o &+ s, b1r, b1i)
            y.set(o &+ 2 &* s, b2r, b2i)
            y.set(o &+ 3 &* s, b3r, b3i)
            y.set(o &+ 4 &* s, b4r, b4i)
        }
    }
}

/// Any odd prime p: a direct length-p DFT per butterfly, O(p²), symmetric pairs u and p − u
/// sharing their cosine and sine sums.
private func radixGeneric(_ x: LaneBuffer, _ y: LaneBuffer, _ p: Int, _ m: Int, _ s: Int,
                          _ wr: UnsafePointer<Float>, _ wi: UnsafePointer<Float>,
                          _ cosines: UnsafePointer<Float>, _ minusSines: UnsafePointer<Float>) {
    let sm = s &* m
    let half = p / 2
    for j in 0..<m {
        let twiddles = (p &- 1) &* j
        let input = s &* j, output = p &* s &* j
        for q in 0..<s {
            let i0 = input &+ q
            let o = output &+ q
            var sumR = x.re[i0], sumI = x.im[i0]
            for t in 1..<p { sumR += x.re[i0 &+ t &* sm]; sumI += x.im[i0 &+ t &* sm] }
            y.set(o, sumR, sumI)
            for u in 1...half {
                // b_u = a0 + Σ_{t=1}^{half} [cos(2π tu/p)(a_t &+ a_{p−t}) − i sin(2π tu/p)(a_t − a_{p−t})]
                var cr = x.re[i0], ci = x.im[i0]
                var sr = Lanes(), si = Lanes()
                for t in 1...half {
                    let k = (t * u) % p
                    let c = cosines[k], ns = minusSines[k]
                    let ar = x.re[i0 &+ t &* sm], ai = x.im[i0 &+ t &* sm]
                    let br = x.re[i0 &+ (p &- t) &* sm], bi = x.im[i0 &+ (p &- t) &* sm]
                    cr += c * (ar + br)
                    ci += c * (ai + bi)
                    sr += ns * (ar - br)
                    si += ns * (ai - bi)
                }
                // (−i sin) d: sr, si hold −sin·d; multiply by i: (−si, sr)
                let (bur, bui) = twiddled(cr - si, ci + sr, wr[twiddles &+ u &- 1], wi[twiddles &+ u &- 1])
                let (bvr, bvi) = twiddled(cr + si, ci - sr, wr[twiddles &+ p &- u &- 1], wi[twiddles &+ p &- u &- 1])
                y.set(o &+ u &* s, bur, bui)
                y.set(o &+ (p &- u) &* s, bvr, bvi)
            }
        }
    }
}
