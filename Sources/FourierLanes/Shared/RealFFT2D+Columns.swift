/// The column pass: `Lanes.scalarCount` adjacent columns of the half spectrum per SIMD vector,
/// so the loads and stores are plain vector moves. Columns go in panels of `panelGroups`
/// such groups, one 64-byte cache line of every row, loaded and stored row by row: group by
/// group, a tall spectrum's rows fall out of the L1 cache before the next group reads the
/// rest of their lines (measured: the column copies took a fifth of the time at 480 × 720).
extension RealFFT2D {
    /// Lane groups per panel: 16 floats.
    static var panelGroups: Int { max(1, 16 / Lanes.scalarCount) }

    /// The column transforms (forward, or unnormalised inverse) of the `height × spectrumWidth`
    /// arrays `real`, `imaginary` into `targetReal`, `targetImaginary` (which may be the same).
    func transformColumns(_ real: UnsafePointer<Float>, _ imaginary: UnsafePointer<Float>, inverse: Bool,
                          into targetReal: UnsafeMutablePointer<Float>, _ targetImaginary: UnsafeMutablePointer<Float>,
                          scratch: FFTScratch) {
        let sw = spectrumWidth, lanes = Lanes.scalarCount
        let panel = scratch.panel, spare = Self.panelGroups
        for firstColumn in stride(from: 0, to: sw, by: lanes * Self.panelGroups) {
            let groups = min(Self.panelGroups, (sw - firstColumn + lanes - 1) / lanes)
            for k in 0..<height {
                for g in 0..<groups {
                    let column = firstColumn + g * lanes
                    load(panel[g], sample: k, real + k * sw + column, imaginary + k * sw + column,
                         columns: min(lanes, sw - column))
                }
            }
            for g in 0..<groups {
                let result = inverse
                    ? columnTransform.inverse(panel[g], work: panel[spare], extra: scratch.transformWork)
                    : columnTransform.forward(panel[g], work: panel[spare], extra: scratch.transformWork)
                if result.re != panel[g].re { swap(&panel[g], &panel[spare]) }
            }
            for k in 0..<height {
                for g in 0..<groups {
                    let column = firstColumn + g * lanes
                    store(panel[g], sample: k, targetReal + k * sw + column, targetImaginary + k * sw + column,
                          columns: min(lanes, sw - column))
                }
            }
        }
    }

    /// Sample `k` of `data`'s lanes from `columns` consecutive floats (unused lanes zero).
    @inline(__always)
    private func load(_ data: LaneBuffer, sample k: Int, _ real: UnsafePointer<Float>,
                      _ imaginary: UnsafePointer<Float>, columns: Int) {
        if columns == Lanes.scalarCount {
            data.re[k] = UnsafeRawPointer(real).loadUnaligned(as: Lanes.self)
            data.im[k] = UnsafeRawPointer(imaginary).loadUnaligned(as: Lanes.self)
        } else {
            var re = Lanes(), im = Lanes()
            for c in 0..<columns {
                re[c] = real[c]
                im[c] = imaginary[c]
            }
            data.re[k] = re
            data.im[k] = im
        }
    }

    /// Lanes `0..<columns` of sample `k` of `data` into consecutive floats.
    @inline(__always)
    private func store(_ data: LaneBuffer, sample k: Int, _ real: UnsafeMutablePointer<Float>,
                       _ imaginary: UnsafeMutablePointer<Float>, columns: Int) {
        if columns == Lanes.scalarCount {
            UnsafeMutableRawPointer(real).storeBytes(of: data.re[k], as: Lanes.self)
            UnsafeMutableRawPointer(imaginary).storeBytes(of: data.im[k], as: Lanes.self)
        } else {
            let re = data.re[k], im = data.im[k]
            for c in 0..<columns {
                real[c] = re[c]
                imaginary[c] = im[c]
            }
        }
    }
}
