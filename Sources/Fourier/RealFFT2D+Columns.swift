/// The column pass: eight adjacent columns of the half spectrum per SIMD vector, so the
/// loads and stores are plain vector moves.
extension RealFFT2D {
    /// Columns `0..<columns` of the `height × spectrumWidth` arrays at `real`, `imaginary` into
    /// the lanes of `data` (unused lanes zero).
    func loadColumns(_ real: UnsafePointer<Float>, _ imaginary: UnsafePointer<Float>,
                             columns: Int, into data: LaneBuffer) {
        let sw = spectrumWidth
        if columns == Lanes.scalarCount {
            for k in 0..<height {
                data.re[k] = UnsafeRawPointer(real + k * sw).loadUnaligned(as: Lanes.self)
                data.im[k] = UnsafeRawPointer(imaginary + k * sw).loadUnaligned(as: Lanes.self)
            }
        } else {
            let re = data.reFloats, im = data.imFloats
            for k in 0..<height {
                data.re[k] = Lanes()
                data.im[k] = Lanes()
                for c in 0..<columns {
                    re[k * Lanes.scalarCount + c] = real[k * sw + c]
                    im[k * Lanes.scalarCount + c] = imaginary[k * sw + c]
                }
            }
        }
    }

    /// The lanes `0..<columns` of `data` into columns of the `height × spectrumWidth` arrays.
    func storeColumns(_ data: LaneBuffer, columns: Int,
                              real: UnsafeMutablePointer<Float>, imaginary: UnsafeMutablePointer<Float>) {
        let sw = spectrumWidth
        if columns == Lanes.scalarCount {
            for k in 0..<height {
                UnsafeMutableRawPointer(real + k * sw).storeBytes(of: data.re[k], as: Lanes.self)
                UnsafeMutableRawPointer(imaginary + k * sw).storeBytes(of: data.im[k], as: Lanes.self)
            }
        } else {
            let re = data.reFloats, im = data.imFloats
            for k in 0..<height {
                for c in 0..<columns {
                    real[k * sw + c] = re[k * Lanes.scalarCount + c]
                    imaginary[k * sw + c] = im[k * Lanes.scalarCount + c]
                }
            }
        }
    }
}
