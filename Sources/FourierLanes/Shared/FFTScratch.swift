/// Working memory for one thread's transforms with one plan (`RealFFT2D.makeScratch`).
/// Not to be shared by threads that transform at the same time.
public final class FFTScratch {
    /// The plan's sizes: a scratch serves only plans of the sizes it was made for.
    let height: Int
    let width: Int
    /// Two lane buffers the 1-D transforms ping-pong between.
    let a: LaneBuffer
    let b: LaneBuffer
    /// The column pass's lane buffers: `RealFFT2D.panelGroups` groups and a spare, whose roles
    /// the transforms' ping-pong swaps. The first two are `a` and `b`.
    let panel: UnsafeMutablePointer<LaneBuffer>
    /// What a Bluestein transform needs besides (empty otherwise).
    let transformWork: LaneBuffer
    /// 4 L vectors (L = `Lanes.scalarCount`) for the row pass's transposes.
    let block: UnsafeMutablePointer<Lanes>
    /// The inverse's column pass result, `height × spectrumWidth`, split.
    let spectrumRe: UnsafeMutablePointer<Float>
    let spectrumIm: UnsafeMutablePointer<Float>

    init(height: Int, width: Int, laneSamples: Int, columnSamples: Int, transformWork: Int, spectrumCount: Int) {
        self.height = height
        self.width = width
        a = LaneBuffer.allocate(laneSamples)
        b = LaneBuffer.allocate(laneSamples)
        let groups = RealFFT2D.panelGroups
        panel = UnsafeMutablePointer<LaneBuffer>.allocate(capacity: groups + 1)
        panel.initialize(to: a)
        (panel + 1).initialize(to: b)
        for g in 2..<(groups + 1) { (panel + g).initialize(to: LaneBuffer.allocate(columnSamples)) }
        self.transformWork = LaneBuffer.allocate(transformWork)
        block = UnsafeMutablePointer<Lanes>.allocate(capacity: 4 * Lanes.scalarCount)
        block.initialize(repeating: Lanes(), count: 4 * Lanes.scalarCount)
        spectrumRe = UnsafeMutablePointer<Float>.allocate(capacity: spectrumCount)
        spectrumIm = UnsafeMutablePointer<Float>.allocate(capacity: spectrumCount)
        spectrumRe.initialize(repeating: 0, count: spectrumCount)
        spectrumIm.initialize(repeating: 0, count: spectrumCount)
    }

    deinit {
        // `panel` holds a and b (in some order) and the buffers allocated for it.
        for g in 0...RealFFT2D.panelGroups { panel[g].deallocate() }
        panel.deallocate()
        transformWork.deallocate()
        block.deallocate()
        spectrumRe.deallocate()
        spectrumIm.deallocate()
    }
}
