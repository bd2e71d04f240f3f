/// out[m, c, i, j] += scale · Σ_{y,x} G_m[y, x] · X_c[(y + i) mod H, (x + j) mod W] for the
/// lags 0 ≤ i < S1, 0 ≤ j < S2: the derivative of ⟨G, K ⋆ X⟩ (K ⋆ X the correlation of
/// `ConvolutionOperator.adjoint`) in the filters K `[M, C, S1, S2]`. Direct loops,
/// M · C · S1 · S2 · H · W multiply-adds; the rows are dot products eight lanes at a time.
///
/// - Parameters:
///   - maps: G `[M, H, W]`.
///   - image: X `[C, H, W]`.
///   - out: `[M, C, S1, S2]`, added to.
func accumulateLagCorrelation(_ maps: PlaneStack, _ image: PlaneStack, kernelHeight: Int, kernelWidth: Int,
                              scale: Float, into out: inout [Float]) {
    precondition(maps.height == image.height && maps.width == image.width, "lag correlation of planes of different sizes")
    let (h, w, m, c) = (maps.height, maps.width, maps.planes, image.planes)
    precondition(out.count == m * c * kernelHeight * kernelWidth && kernelHeight <= h && kernelWidth <= w)
    maps.values.withUnsafeBufferPointer { g in
        image.values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                let (g, x, o) = (g.baseAddress!, x.baseAddress!, o.baseAddress!)
                for plane in 0..<m {
                    for channel in 0..<c {
                        for i in 0..<kernelHeight {
                            for j in 0..<kernelWidth {
                                var sum: Double = 0
                                for y in 0..<h {
                                    let gRow = g + (plane * h + y) * w
                                    let xRow = x + (channel * h + (y + i) % h) * w
                                    // x + j wraps at W − j: two contiguous runs.
                                    let head = dot(gRow, xRow + j, count: w - j)
                                    let tail = j > 0 ? dot(gRow + (w - j), xRow, count: j) : 0
                                    sum += Double(head + tail)
                                }
                                o[((plane * c + channel) * kernelHeight + i) * kernelWidth + j] += scale * Float(sum)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Σ a[k] b[k] over `count` values, eight lanes at a time.
@inline(__always) private func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = Lanes()
    var k = 0
    while k + 8 <= count {
        lanes += load(a + k) * load(b + k)
        k += 8
    }
    var sum = lanes.sum()
    while k < count {
        sum += a[k] * b[k]
        k += 1
    }
    return sum
}
