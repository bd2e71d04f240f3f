/// The unnormalised complex DFT of one length on eight sequences at once, by the cheaper of
/// the two methods: the mixed-radix FFT when the length's prime factors are small, Bluestein's
/// chirp-z algorithm when one is large (a prime length of 97 costs about 49 passes directly,
/// three FFTs of 256 points by Bluestein).
struct LaneTransform: Sendable {
    /// Lengths whose largest prime factor is above this go through Bluestein.
    static let largestDirectFactor = 13

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
