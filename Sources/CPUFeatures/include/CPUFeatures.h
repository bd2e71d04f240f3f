#ifndef LATENTPIPE_CPU_FEATURES_H
#define LATENTPIPE_CPU_FEATURES_H

/// The engine's kernel paths, as `latentpipe_kernel_path` returns them.
#define LATENTPIPE_KERNELS_PORTABLE 0
#define LATENTPIPE_KERNELS_AVX2 1
#define LATENTPIPE_KERNELS_AVX512 2

/// 1 when this processor (and its operating system) can run the given kernel path, else 0.
/// The portable path runs everywhere; the others need x86-64 with AVX2, FMA, BMI1 and BMI2
/// or, further, AVX-512 F/CD/BW/DQ/VL. LATENTPIPE_PRETEND_CPU=avx2|portable caps the answer
/// (for tests of the fallbacks on any machine).
int latentpipe_cpu_supports_kernels(int path);

/// The path named by the environment variable LATENTPIPE_KERNELS: -1 when it is unset or
/// empty, -2 when the name is not a path.
int latentpipe_requested_kernel_path(void);

/// The kernel path to run: the one named by the environment variable LATENTPIPE_KERNELS
/// (avx512, avx2 or portable) when set, else the fastest this processor supports. A name that
/// is unknown or not supported here has already stopped the program before main
/// (engine_guard.c), so this never fails.
int latentpipe_kernel_path(void);

/// The processors this thread may run on (its affinity mask: `taskset -c 0` gives 1), at least 1.
int latentpipe_available_processors(void);

#endif
