/// The unnormalised complex DFT of one length on the `Lanes.scalarCount` sequences of a lane
/// buffer at once, by the cheaper of
/// the two methods: the mixed-radix FFT when the length's prime factors are small, Bluestein's
/// chirp-z algorithm when one is large (a prime length p costs about p/2 passes directly, three
/// FFTs of a length 2p to 4p by Bluestein; measured, the two cross near 45).
struct LaneTransform: Sendable {
    /// Lengths whose largest prime factor is above this go through Bluestein (fft-bench: 43 x 129
    /// is 7 % faster directly, 53 x 106 20 % faster by Bluestein).
    static let largestDirectFactor = 43

    let length: Int
    private let direct: LaneFFT?
    private let chirp: ChirpZTransform?

    init(length: Int) {
        self.length = length
        if LaneFFT.largestFactor(length) > LaneTransform.largestDirectFactor {
            direct = nil
            chirp = ChirpZTransform(length: length)
        } else {
            direct = LaneFFT(length: length)
            chirp = nil
        }
    }

    /// Lane samples the transform needs in the `extra` buffer.
    var workSamples: Int { chirp?.workSamples ?? 0 }

    /// The forward transform of `data` (`length` samples); `work` is as large, `extra` has
    /// `workSamples`. Returns the buffer holding the result (`data` or `work`).
    func forward(_ data: LaneBuffer, work: LaneBuffer, extra: LaneBuffer) -> LaneBuffer {
        if let direct { return direct.forward(data, work: work) }
        chirp!.forward(data, extra: extra)
        return data
    }

    /// The unnormalised inverse transform, Σ X[k] e^{+2πi jk/n}.
    func inverse(_ data: LaneBuffer, work: LaneBuffer, extra: LaneBuffer) -> LaneBuffer {
        forward(data.swapped, work: work.swapped, extra: extra).swapped
    }
}
