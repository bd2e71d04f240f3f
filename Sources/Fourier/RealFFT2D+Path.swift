import CPUFeatures
import KernelSupport

extension RealFFT2D {
    /// The path plans run by default: the engine's (LATENTPIPE_KERNELS when set, checked
    /// before main; else the fastest this processor supports), as `KernelPath.active` picks it.
    public static let activePath: KernelPath = {
        switch latentpipe_kernel_path() {
        case LATENTPIPE_KERNELS_AVX512 where isBuilt(.avx512): .avx512
        case LATENTPIPE_KERNELS_AVX2 where isBuilt(.avx2): .avx2
        default: .portable
        }
    }()

    /// The paths this processor can run and this build has, fastest first.
    public static let supportedPaths: [KernelPath] = KernelPath.allCases.filter { path in
        let code = switch path {
        case .avx512: LATENTPIPE_KERNELS_AVX512
        case .avx2: LATENTPIPE_KERNELS_AVX2
        case .portable: LATENTPIPE_KERNELS_PORTABLE
        }
        return isBuilt(path) && latentpipe_cpu_supports_kernels(code) == 1
    }

    /// Whether this build compiled the path's module (the x86-64 ones only on x86-64).
    private static func isBuilt(_ path: KernelPath) -> Bool {
        switch path {
        case .avx512:
            #if canImport(FourierAVX512)
            return true
            #else
            return false
            #endif
        case .avx2:
            #if canImport(FourierAVX2)
            return true
            #else
            return false
            #endif
        case .portable: return true
        }
    }
}
