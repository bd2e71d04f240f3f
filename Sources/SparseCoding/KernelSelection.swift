// The kernel path the engine runs, chosen once at start from the processor's features
// (CPUFeatures), or forced by the environment variable LATENTPIPE_KERNELS.

import CPUFeatures
#if canImport(KernelsAVX512)
import KernelsAVX512
#endif
#if canImport(KernelsAVX2)
import KernelsAVX2
#endif
import KernelsPortable

/// The kernels every product and solver of the engine calls.
let kernels: KernelTable = KernelPath.active.table

extension KernelPath {
    /// The path this process runs: LATENTPIPE_KERNELS when set (checked before main), else the
    /// fastest this processor supports.
    public static let active: KernelPath = {
        switch latentpipe_kernel_path() {
        case LATENTPIPE_KERNELS_AVX512 where KernelPath.avx512.isBuilt: .avx512
        case LATENTPIPE_KERNELS_AVX2 where KernelPath.avx2.isBuilt: .avx2
        default: .portable
        }
    }()

    /// The paths this processor can run and this build has, fastest first.
    public static var supported: [KernelPath] {
        allCases.filter { $0.isBuilt && latentpipe_cpu_supports_kernels($0.featureCode) == 1 }
    }

    /// Whether this build compiled the path (the x86-64 paths exist only in x86-64 builds).
    var isBuilt: Bool {
        switch self {
        case .avx512:
            #if canImport(KernelsAVX512)
            return true
            #else
            return false
            #endif
        case .avx2:
            #if canImport(KernelsAVX2)
            return true
            #else
            return false
            #endif
        case .portable: return true
        }
    }

    private var featureCode: Int32 {
        switch self {
        case .avx512: LATENTPIPE_KERNELS_AVX512
        case .avx2: LATENTPIPE_KERNELS_AVX2
        case .portable: LATENTPIPE_KERNELS_PORTABLE
        }
    }

    /// The path's kernel table; only for paths in `supported` (others would fault).
    public var table: KernelTable {
        switch self {
        #if canImport(KernelsAVX512)
        case .avx512: return KernelsAVX512.kernelTable
        #endif
        #if canImport(KernelsAVX2)
        case .avx2: return KernelsAVX2.kernelTable
        #endif
        default: return KernelsPortable.kernelTable
        }
    }
}
