#if canImport(FourierAVX512)
import FourierAVX512
#endif
#if canImport(FourierAVX2)
import FourierAVX2
#endif
import FourierPortable
import KernelSupport

/// What every path module's plan offers (their `RealFFT2D`, one source compiled per
/// instruction set); the plans conform as they are.
protocol LanePlan: Sendable {
    associatedtype Scratch: AnyObject
    init(height: Int, width: Int)
    func makeScratch() -> Scratch
    func forward(_ input: UnsafePointer<Float>, real: UnsafeMutablePointer<Float>,
                 imaginary: UnsafeMutablePointer<Float>, scratch: Scratch)
    func inverse(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>, scratch: Scratch)
}

#if canImport(FourierAVX512)
extension FourierAVX512.RealFFT2D: LanePlan {}
#endif
#if canImport(FourierAVX2)
extension FourierAVX2.RealFFT2D: LanePlan {}
#endif
extension FourierPortable.RealFFT2D: LanePlan {}

/// One path module's plan behind closures (one call per 2-D transform, so the indirection
/// costs nothing measurable); the scratch travels as `AnyObject`.
struct LaneEngine: Sendable {
    let makeScratch: @Sendable () -> AnyObject
    let forward: @Sendable (UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, AnyObject) -> Void
    let inverse: @Sendable (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, AnyObject) -> Void

    init(path: KernelPath, height: Int, width: Int) {
        switch path {
        #if canImport(FourierAVX512)
        case .avx512: self.init(FourierAVX512.RealFFT2D(height: height, width: width))
        #endif
        #if canImport(FourierAVX2)
        case .avx2: self.init(FourierAVX2.RealFFT2D(height: height, width: width))
        #endif
        default: self.init(FourierPortable.RealFFT2D(height: height, width: width))
        }
    }

    private init<Plan: LanePlan>(_ plan: Plan) {
        makeScratch = { plan.makeScratch() }
        forward = { input, real, imaginary, scratch in
            plan.forward(input, real: real, imaginary: imaginary, scratch: unsafeDowncast(scratch, to: Plan.Scratch.self))
        }
        inverse = { real, imaginary, output, scratch in
            plan.inverse(real: real, imaginary: imaginary, output: output, scratch: unsafeDowncast(scratch, to: Plan.Scratch.self))
        }
    }
}
