// The solvers' elementwise passes over the maps, eight lanes at a time (the scalar loops with
// Float reductions do not vectorise: the compiler may not reorder the sums).

typealias Lanes = SIMD8<Float>

@inline(__always) func load(_ p: UnsafePointer<Float>) -> Lanes {
    UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
}

@inline(__always) func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
}

/// v shrunk towards zero by t: v − clamp(v, −t, t).
@inline(__always) func shrink(_ v: Lanes, _ t: Lanes) -> Lanes {
    v - v.replacing(with: t, where: v .> t).replacing(with: -t, where: v .< -t)
}

/// |v| per lane.
@inline(__always) func magnitude(_ v: Lanes) -> Lanes {
    v.replacing(with: -v, where: v .< 0)
}

/// FISTA's proximal step on `count` values: previous ← x, x ← shrink(y − step · g, threshold).
/// Returns ‖x − previous‖², ‖x‖², ⟨y − x, x − previous⟩ (the restart test) and ‖x‖₁.
func proximalStep(x: UnsafeMutablePointer<Float>, previous: UnsafeMutablePointer<Float>, y: UnsafePointer<Float>,
                  gradient: UnsafePointer<Float>, count: Int, step: Float, threshold: Float) -> (change: Double, norm: Double, restart: Double, l1: Double) {
    var change = Lanes(), norm = Lanes(), restart = Lanes(), l1 = Lanes()
    let t = Lanes(repeating: threshold), s = Lanes(repeating: step)
    var k = 0
    while k + 8 <= count {
        let old = load(x + k), point = load(y + k)
        let new = shrink(point - s * load(gradient + k), t)
        store(old, previous + k)
        store(new, x + k)
        let d = new - old
        change += d * d
        norm += new * new
        restart += (point - new) * d
        l1 += magnitude(new)
        k += 8
    }
    var tail = (change: Double(change.sum()), norm: Double(norm.sum()), restart: Double(restart.sum()), l1: Double(l1.sum()))
    while k < count {
        let old = x[k], new = softThreshold(y[k] - step * gradient[k], threshold)
        previous[k] = old
        x[k] = new
        tail.change += Double((new - old) * (new - old))
        tail.norm += Double(new * new)
        tail.restart += Double((y[k] - new) * (new - old))
        tail.l1 += Double(abs(new))
        k += 1
    }
    return tail
}

@inline(__always) private func softThreshold(_ v: Float, _ t: Float) -> Float {
    v - min(max(v, -t), t)
}

/// ADMM's relaxation, Y-step and U-step on `count` values: r = α x + (1 − α) y,
/// y ← shrink(r + u, threshold), u ← u + r − y. Returns ‖x − y‖², ‖x‖², ‖y‖², ‖Δy‖², ‖u‖², ‖y‖₁.
func splittingStep(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, u: UnsafeMutablePointer<Float>,
                   count: Int, alpha: Float, threshold: Float) -> [Double] {
    var primal = Lanes(), xx = Lanes(), yy = Lanes(), dy = Lanes(), uu = Lanes(), l1 = Lanes()
    let a = Lanes(repeating: alpha), b = Lanes(repeating: 1 - alpha), t = Lanes(repeating: threshold)
    var k = 0
    @inline(__always) func lanes(_ xk: Lanes, _ old: Lanes, _ uk: Lanes) -> (Lanes, Lanes) {
        let relaxed = a * xk + b * old
        let new = shrink(relaxed + uk, t)
        return (new, uk + relaxed - new)
    }
    while k + 8 <= count {
        let xk = load(x + k), old = load(y + k)
        let (new, dual) = lanes(xk, old, load(u + k))
        store(new, y + k)
        store(dual, u + k)
        primal += (xk - new) * (xk - new)
        xx += xk * xk
        yy += new * new
        dy += (new - old) * (new - old)
        uu += dual * dual
        l1 += magnitude(new)
        k += 8
    }
    var sums = [primal, xx, yy, dy, uu, l1].map { Double($0.sum()) }
    while k < count {
        let (xk, old) = (x[k], y[k])
        let relaxed = alpha * xk + (1 - alpha) * old
        let new = softThreshold(relaxed + u[k], threshold)
        let dual = u[k] + relaxed - new
        y[k] = new
        u[k] = dual
        for (i, v) in [(xk - new) * (xk - new), xk * xk, new * new, (new - old) * (new - old), dual * dual, abs(new)].enumerated() {
            sums[i] += Double(v)
        }
        k += 1
    }
    return sums
}

/// out = a + β (a − b) on `count` values.
func extrapolate(_ out: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, beta: Float) {
    let scale = Lanes(repeating: beta)
    var k = 0
    while k + 8 <= count {
        let ak = load(a + k)
        store(ak + scale * (ak - load(b + k)), out + k)
        k += 8
    }
    while k < count {
        out[k] = a[k] + beta * (a[k] - b[k])
        k += 1
    }
}

/// out = scaleOut · out + scaleA · a + scaleB · b on `count` values (b left out when nil).
func accumulate(_ out: UnsafeMutablePointer<Float>, scaleOut: Float = 1, _ a: UnsafePointer<Float>, _ scaleA: Float,
                _ b: UnsafePointer<Float>?, _ scaleB: Float, count: Int) {
    let (so, sa, sb) = (Lanes(repeating: scaleOut), Lanes(repeating: scaleA), Lanes(repeating: scaleB))
    var k = 0
    if let b {
        while k + 8 <= count {
            store(so * load(out + k) + sa * load(a + k) + sb * load(b + k), out + k)
            k += 8
        }
        while k < count { out[k] = scaleOut * out[k] + scaleA * a[k] + scaleB * b[k]; k += 1 }
    } else {
        while k + 8 <= count {
            store(so * load(out + k) + sa * load(a + k), out + k)
            k += 8
        }
        while k < count { out[k] = scaleOut * out[k] + scaleA * a[k]; k += 1 }
    }
}
