// The proximal gradient loop of `LassoEncoder` over one tile of rows.
//
// Per row (FISTA with adaptive restart; ISTA is the same with no momentum):
//     z⁺ = shrink_{λ/L}(x − ∇f(x)/L),   ∇f(x) = x·G − y·Dᵀ  or  (x·D − y)·Dᵀ
//     if (x − z⁺)·(z⁺ − z) > 0: t = 1, x = z⁺          (momentum is going uphill: restart)
//     else: t⁺ = (1 + √(1 + 4t²))/2,  x = z⁺ + (t − 1)/t⁺ · (z⁺ − z)
// The rows still running are kept packed at the front of the tile's buffers, so each
// iteration is one or two blocked products over exactly the active rows.

extension LassoEncoder {
    /// Solves the rows `y` `[rows, features]` of one tile, writing their codes `[rows, atoms]`,
    /// the iterations each took, whether each met the tolerance, and each final energy.
    func solveTile(
        _ y: UnsafePointer<Float>, rows: Int, options: Options, step: Float,
        codes: UnsafeMutablePointer<Float>, iterations: UnsafeMutablePointer<Int32>,
        converged: UnsafeMutablePointer<Bool>, energies: UnsafeMutablePointer<Double>
    ) {
        let n = atoms, f = features
        // Iterate z, momentum point x, gradient (then z⁺) g, all `[active, atoms]`; the constant
        // part of the gradient, y·Dᵀ `[active, atoms]` (Gram form) or y itself `[active,
        // features]`; and, in the residual form, x·D − y `[active, features]`.
        let biasWidth = usesGram ? n : f
        let sizes = [rows * n, rows * n, rows * n, rows * biasWidth, usesGram ? 0 : rows * f]
        // One allocation, buffer i starting i·320 bytes past a 4 KB boundary: separately
        // mmap-ed buffers share their page offset, and the lock-step loads and stores of x, g
        // and z then stall on 4K aliasing (measured: 2× slower).
        var offsets = [Int](), total = 0
        for (i, size) in sizes.enumerated() {
            offsets.append(total + 80 * i)
            total += (80 * i + size + 1023) / 1024 * 1024
        }
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: total)
        defer { workspace.deallocate() }
        let z = workspace + offsets[0], x = workspace + offsets[1], g = workspace + offsets[2]
        let bias = workspace + offsets[3], residual = workspace + offsets[4]
        z.initialize(repeating: 0, count: rows * n)
        x.initialize(repeating: 0, count: rows * n)
        if usesGram {
            multiply(rows: rows, y, lda: f, transposedA: false, analysis, bias, ldc: n, accumulate: false)
        } else {
            bias.initialize(from: y, count: rows * f)
        }

        var momentum = [Double](repeating: 1, count: rows)
        var origin = Array(0..<rows)  // active slot → row of the tile
        var active = rows
        let threshold = options.lambda * step
        let tolerance = Double(options.tolerance)
        let accelerated = options.algorithm == .fista
        let positive = options.positive
        var iteration = 0

        while active > 0 && iteration < options.maxIterations {
            iteration += 1
            // g = ∇f(x) for the active rows, less y·Dᵀ in the Gram form (added back below).
            if let gram {
                multiply(rows: active, x, lda: n, transposedA: false, gram, g, ldc: n, accumulate: false)
            } else {
                multiply(rows: active, x, lda: n, transposedA: false, synthesis, residual, ldc: f, accumulate: false)
                for i in 0..<(active * f) { residual[i] -= bias[i] }
                multiply(rows: active, residual, lda: f, transposedA: false, analysis, g, ldc: n, accumulate: false)
            }

            var kept = 0
            for slot in 0..<active {
                let xs = x + slot * n, gs = g + slot * n, zs = z + slot * n
                let (change, size, uphill) = kernels.proximalStep(
                    x: xs, gradient: gs, offset: usesGram ? bias + slot * n : nil, z: zs, count: n,
                    step: step, threshold: threshold, positive: positive)
                var beta: Float = 0
                if accelerated {
                    if uphill > 0 {
                        momentum[slot] = 1
                    } else {
                        let t = momentum[slot]
                        let nextT = (1 + (1 + 4 * t * t).squareRoot()) / 2
                        beta = Float((t - 1) / nextT)
                        momentum[slot] = nextT
                    }
                }
                kernels.extrapolate(x: xs, next: gs, z: zs, count: n, beta: beta)

                if Double(change) <= tolerance * tolerance * Double(size) {
                    let row = origin[slot]
                    (codes + row * n).update(from: zs, count: n)
                    iterations[row] = Int32(iteration)
                    converged[row] = true
                } else {
                    // Keep the row running, packed into the next free slot.
                    if kept != slot {
                        (z + kept * n).update(from: zs, count: n)
                        (x + kept * n).update(from: xs, count: n)
                        (bias + kept * biasWidth).update(from: bias + slot * biasWidth, count: biasWidth)
                        momentum[kept] = momentum[slot]
                        origin[kept] = origin[slot]
                    }
                    kept += 1
                }
            }
            active = kept
        }
        for slot in 0..<active {
            let row = origin[slot]
            (codes + row * n).update(from: z + slot * n, count: n)
            iterations[row] = Int32(iteration)
            converged[row] = false
        }

        var scratch = [Double](repeating: 0, count: f)
        dictionary.withUnsafeBufferPointer { d in
            for row in 0..<rows {
                energies[row] = rowObjective(
                    y: y + row * f, z: codes + row * n, d.baseAddress!, atoms: n, features: f,
                    lambda: Double(options.lambda), residual: &scratch)
            }
        }
    }
}
