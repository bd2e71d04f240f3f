/// The row pass: `Lanes.scalarCount` rows at a time, transposed into SIMD lanes (lane r =
/// row r) in square blocks by shuffles, transformed together, transposed back.
extension RealFFT2D {
    /// The half spectra of `rows` (≤ L = `Lanes.scalarCount`) rows of `input` into rows of `real`, `imaginary`.
    func forwardRows(_ input: UnsafePointer<Float>, rows: Int, real: UnsafeMutablePointer<Float>,
                     imaginary: UnsafeMutablePointer<Float>, scratch: FFTScratch) {
        let sw = spectrumWidth
        let data = scratch.a
        let n = rowTransform.length
        let block = scratch.block, spare = scratch.block + 2 * Lanes.scalarCount
        if width % 2 == 0 {
            // z[j] = x[2j] + i x[2j+1]. Block vector (r, half) holds x[r][2 j₀ + L half ..< +L]:
            // log₂ L + 1 unzip rounds turn index bits (r half | j c) into (j c | r).
            var j0 = 0
            while j0 + Lanes.scalarCount <= n {
                for r in 0..<Lanes.scalarCount {
                    if r < rows {
                        let source = UnsafeRawPointer(input + r * width + 2 * j0)
                        block[2 * r] = source.loadUnaligned(as: Lanes.self)
                        block[2 * r + 1] = source.loadUnaligned(fromByteOffset: MemoryLayout<Lanes>.size, as: Lanes.self)
                    } else {
                        block[2 * r] = Lanes()
                        block[2 * r + 1] = Lanes()
                    }
                }
                let result = rotateLanes(block, spare, count: 2 * Lanes.scalarCount, rounds: laneBits + 1)
                for j in 0..<Lanes.scalarCount {
                    data.re[j0 + j] = result[2 * j]
                    data.im[j0 + j] = result[2 * j + 1]
                }
                j0 += Lanes.scalarCount
            }
            let re = data.reFloats, im = data.imFloats
            for j in j0..<n {
                data.re[j] = Lanes()
                data.im[j] = Lanes()
                for r in 0..<rows {
                    re[j * Lanes.scalarCount + r] = input[r * width + 2 * j]
                    im[j * Lanes.scalarCount + r] = input[r * width + 2 * j + 1]
                }
            }
            let z = rowTransform.forward(data, work: scratch.b, extra: scratch.transformWork)
            let x = z.re == data.re ? scratch.b : data
            unpack(z, into: x)
            rowsOut(x, rows: rows, count: sw, real: real, imaginary: imaginary, rowStride: sw, scratch: scratch)
        } else {
            rowsIn(input, nil, rows: rows, count: n, rowStride: width, into: data, scratch: scratch)
            data.im.update(repeating: Lanes(), count: n)
            let x = rowTransform.forward(data, work: scratch.b, extra: scratch.transformWork)
            rowsOut(x, rows: rows, count: sw, real: real, imaginary: imaginary, rowStride: sw, scratch: scratch)
        }
    }

    /// X[k] = ½(Z[k] + Z̄[h−k]) − ½ i e^{-2πik/W} (Z[k] − Z̄[h−k]) for k ≤ h = W/2 (Z[h] = Z[0]):
    /// the spectrum of the real row from that of its even/odd packing.
    private func unpack(_ z: LaneBuffer, into x: LaneBuffer) {
        let h = width / 2
        unpackRe.withUnsafeBufferPointer { wr in
            unpackIm.withUnsafeBufferPointer { wi in
                for k in 0...h {
                    let a = k == h ? 0 : k, b = k == 0 ? 0 : h - k
                    let zr = z.re[a], zi = z.im[a], cr = z.re[b], ci = -z.im[b]
                    let sumR = zr + cr, sumI = zi + ci
                    let diffR = zr - cr, diffI = zi - ci
                    // t = ½ w^k (Z[k] − Z̄[h−k]); X = ½ sum − i t
                    let tr = diffR * wr[k] - diffI * wi[k], ti = diffR * wi[k] + diffI * wr[k]
                    x.re[k] = 0.5 * sumR + ti
                    x.im[k] = 0.5 * sumI - tr
                }
            }
        }
    }

    /// Samples `0..<count` of `rows` rows (`rowStride` apart) of `real` (and `imaginary`, or
    /// zeros) into the lanes of `data`; unused lanes zero.
    private func rowsIn(_ real: UnsafePointer<Float>, _ imaginary: UnsafePointer<Float>?, rows: Int, count: Int,
                        rowStride: Int, into data: LaneBuffer, scratch: FFTScratch) {
        let block = scratch.block, spare = scratch.block + 2 * Lanes.scalarCount
        func transpose(_ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Lanes>) {
            var k0 = 0
            while k0 + Lanes.scalarCount <= count {
                for r in 0..<Lanes.scalarCount {
                    block[r] = r < rows ? UnsafeRawPointer(source + r * rowStride + k0).loadUnaligned(as: Lanes.self) : Lanes()
                }
                let result = rotateLanes(block, spare, count: Lanes.scalarCount, rounds: laneBits)
                for k in 0..<Lanes.scalarCount { target[k0 + k] = result[k] }
                k0 += Lanes.scalarCount
            }
            let floats = UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self)
            for k in k0..<count {
                target[k] = Lanes()
                for r in 0..<rows { floats[k * Lanes.scalarCount + r] = source[r * rowStride + k] }
            }
        }
        transpose(real, data.re)
        if let imaginary { transpose(imaginary, data.im) }
    }

    /// Lanes `0..<rows` of samples `0..<count` of `x` into rows (`rowStride` apart) of `real`,
    /// `imaginary`.
    private func rowsOut(_ x: LaneBuffer, rows: Int, count: Int, real: UnsafeMutablePointer<Float>,
                         imaginary: UnsafeMutablePointer<Float>, rowStride: Int, scratch: FFTScratch) {
        let block = scratch.block, spare = scratch.block + 2 * Lanes.scalarCount
        func transpose(_ source: UnsafeMutablePointer<Lanes>, _ target: UnsafeMutablePointer<Float>) {
            var k0 = 0
            while k0 + Lanes.scalarCount <= count {
                for k in 0..<Lanes.scalarCount { block[k] = source[k0 + k] }
                let result = rotateLanes(block, spare, count: Lanes.scalarCount, rounds: laneBits)
                for r in 0..<rows {
                    UnsafeMutableRawPointer(target + r * rowStride + k0).storeBytes(of: result[r], as: Lanes.self)
                }
                k0 += Lanes.scalarCount
            }
            let floats = UnsafeMutableRawPointer(source).assumingMemoryBound(to: Float.self)
            for r in 0..<rows {
                for k in k0..<count { target[r * rowStride + k] = floats[k * Lanes.scalarCount + r] }
            }
        }
        transpose(x.re, real)
        transpose(x.im, imaginary)
    }

    /// The real rows (times `scale`) whose half spectra are `rows` rows of `real`, `imaginary`.
    func inverseRows(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>, rows: Int,
                     output: UnsafeMutablePointer<Float>, scale: Float, scratch: FFTScratch) {
        let sw = spectrumWidth
        let data = scratch.a
        rowsIn(real, imaginary, rows: rows, count: sw, rowStride: sw, into: data, scratch: scratch)
        data.im[0] = Lanes()
        let block = scratch.block, spare = scratch.block + 2 * Lanes.scalarCount
        if width % 2 == 0 {
            let h = width / 2
            data.im[h] = Lanes()
            pack(data)
            let z = rowTransform.inverse(data, work: scratch.b, extra: scratch.transformWork)
            // Block vector (j c) holds z.re/z.im[j₀ + j]; log₂ L unzip rounds make (r j_top | j_rest c):
            // row r's samples 2 j₀ + L j_top ..< +L.
            var j0 = 0
            while j0 + Lanes.scalarCount <= h {
                for j in 0..<Lanes.scalarCount {
                    block[2 * j] = scale * z.re[j0 + j]
                    block[2 * j + 1] = scale * z.im[j0 + j]
                }
                let result = rotateLanes(block, spare, count: 2 * Lanes.scalarCount, rounds: laneBits)
                for r in 0..<rows {
                    let target = UnsafeMutableRawPointer(output + r * width + 2 * j0)
                    target.storeBytes(of: result[2 * r], as: Lanes.self)
                    target.storeBytes(of: result[2 * r + 1], toByteOffset: MemoryLayout<Lanes>.size, as: Lanes.self)
                }
                j0 += Lanes.scalarCount
            }
            let zr = z.reFloats, zi = z.imFloats
            for r in 0..<rows {
                let row = output + r * width
                for j in j0..<h {
                    row[2 * j] = scale * zr[j * Lanes.scalarCount + r]
                    row[2 * j + 1] = scale * zi[j * Lanes.scalarCount + r]
                }
            }
        } else {
            // The full Hermitian spectrum: X[W−k] = X̄[k].
            for k in 1..<sw {
                data.re[width - k] = data.re[k]
                data.im[width - k] = -data.im[k]
            }
            let x = rowTransform.inverse(data, work: scratch.b, extra: scratch.transformWork)
            var j0 = 0
            while j0 + Lanes.scalarCount <= width {
                for j in 0..<Lanes.scalarCount { block[j] = scale * x.re[j0 + j] }
                let result = rotateLanes(block, spare, count: Lanes.scalarCount, rounds: laneBits)
                for r in 0..<rows {
                    UnsafeMutableRawPointer(output + r * width + j0).storeBytes(of: result[r], as: Lanes.self)
                }
                j0 += Lanes.scalarCount
            }
            let xr = x.reFloats
            for r in 0..<rows {
                for j in j0..<width { output[r * width + j] = scale * xr[j * Lanes.scalarCount + r] }
            }
        }
    }

    /// In place, Z[k] = (X[k] + X̄[h−k]) + i e^{+2πik/W} (X[k] − X̄[h−k]) for k < h = W/2:
    /// twice the spectrum of the even/odd packing of the real row whose half spectrum is X.
    private func pack(_ x: LaneBuffer) {
        let h = width / 2
        unpackRe.withUnsafeBufferPointer { wr in
            unpackIm.withUnsafeBufferPointer { wi in
                for k in 0...(h / 2) {
                    let mirror = h - k
                    let ar = x.re[k], ai = x.im[k], br = x.re[mirror], bi = x.im[mirror]
                    // Z[k] from X[k], X[h−k]; Z[h−k] from X[h−k], X[k] (the twiddle of h−k is −w̄^k).
                    let (zkR, zkI) = packed(ar, ai, br, bi, 2 * wr[k], -2 * wi[k])
                    if mirror < h && mirror != k {
                        let (zmR, zmI) = packed(br, bi, ar, ai, 2 * wr[mirror], -2 * wi[mirror])
                        x.re[mirror] = zmR
                        x.im[mirror] = zmI
                    }
                    x.re[k] = zkR
                    x.im[k] = zkI
                }
            }
        }
    }
}

/// (a + b̄) + i w (a − b̄) for complex lanes a, b and a twiddle w.
@inline(__always)
private func packed(_ ar: Lanes, _ ai: Lanes, _ br: Lanes, _ bi: Lanes, _ wr: Float, _ wi: Float) -> (Lanes, Lanes) {
    let sumR = ar + br, sumI = ai - bi
    let diffR = ar - br, diffI = ai + bi
    let tr = diffR * wr - diffI * wi, ti = diffR * wi + diffI * wr
    return (sumR - ti, sumI + tr)
}

/// log₂ of `Lanes.scalarCount`: the unzip rounds of a square transpose.
private var laneBits: Int { Lanes.scalarCount.trailingZeroBitCount }

/// `rounds` unzip rounds over `count` vectors at `block` (ping-ponging with `spare`): each
/// round puts the even lanes of vectors 2i, 2i+1 in vector i and the odd lanes in vector
/// i + count/2, which rotates the bits of (vector index | lane index) right by one. log₂ L
/// rounds of L vectors of L lanes transpose the L × L block. Returns where the result is.
@inline(__always)
private func rotateLanes(_ block: UnsafeMutablePointer<Lanes>, _ spare: UnsafeMutablePointer<Lanes>,
                         count: Int, rounds: Int) -> UnsafeMutablePointer<Lanes> {
    var source = block, target = spare
    let half = count / 2
    for _ in 0..<rounds {
        for i in 0..<half {
            let pair = LanePair(lowHalf: source[2 * i], highHalf: source[2 * i + 1])
            target[i] = pair.evenHalf
            target[i + half] = pair.oddHalf
        }
        swap(&source, &target)
    }
    return source
}
