import KernelSupport

/// Working memory for one thread's transforms with one plan (`RealFFT2D.makeScratch`).
/// Not to be shared by threads that transform at the same time.
public final class FFTScratch {
    let path: KernelPath
    /// The path module's own scratch (its `FFTScratch`).
    let lanes: AnyObject

    init(path: KernelPath, lanes: AnyObject) {
        self.path = path
        self.lanes = lanes
    }
}
