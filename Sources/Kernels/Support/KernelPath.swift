// The engine's kernel paths: one compiled module per instruction set (Kernels/AVX512, AVX2,
// Portable), the same sources in each (Kernels/Shared), chosen once at start.

/// An instruction set the engine's kernels are compiled for.
public enum KernelPath: String, Sendable, CaseIterable {
    /// AVX-512 (F, CD, BW, DQ, VL) and FMA: 512-bit registers, 32 of them (x86-64 only).
    case avx512
    /// AVX2 and FMA (with BMI1 and BMI2, as Haswell has): 256-bit registers (x86-64 only).
    case avx2
    /// No instruction set beyond the architecture's baseline: SSE2 on x86-64, NEON on arm64.
    case portable
}
