/// Working memory for one thread's transforms with one plan (`RealFFT2D.makeScratch`).
/// Not to be shared by threads that transform at the same time.
public final class FFTScratch {
    /// Two lane buffers the 1-D transforms ping-pong between.
    let a: LaneBuffer
    let b: LaneBuffer
    /// What a Bluestein transform needs besides (empty otherwise).
    let transformWork: LaneBuffer
    /// 4 L vectors (L = `Lanes.scalarCount`) for the row pass's transposes.
    let block: UnsafeMutablePointer<Lanes>
    /// The inverse's column pass result, `height × spectrumWidth`, split.
    let spectrumRe: UnsafeMutablePointer<Float>
    let spectrumIm: UnsafeMutablePointer<Float>

    init(laneSamples: Int, transformWork: Int, spectrumCount: Int) {
        a = LaneBuffer.allocate(laneSamples)
        b = LaneBuffer.allocate(laneSamples)
        self.transformWork = LaneBuffer.allocate(transformWork)
        block = UnsafeMutablePointer<Lanes>.allocate(capacity: 4 * Lanes.scalarCount)
        block.initialize(repeating: Lanes(), count: 4 * Lanes.scalarCount)
        spectrumRe = UnsafeMutablePointer<Float>.allocate(capacity: spectrumCount)
        spectrumIm = UnsafeMutablePointer<Float>.allocate(capacity: spectrumCount)
        spectrumRe.initialize(repeating: 0, count: spectrumCount)
        spectrumIm.initialize(repeating: 0, count: spectrumCount)
    }

    deinit {
        a.deallocate()
        b.deallocate()
        transformWork.deallocate()
        block.deallocate()
        spectrumRe.deallocate()
        spectrumIm.deallocate()
    }
}
