#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "CPUFeatures.h"

/// The path named by `variable` (avx512, avx2, portable): -1 when unset or empty, -2 when unknown.
static int kernel_path_named_by(const char *variable) {
    const char *name = getenv(variable);
    if (name == NULL || name[0] == '\0') return -1;
    if (strcmp(name, "portable") == 0) return LATENTPIPE_KERNELS_PORTABLE;
    if (strcmp(name, "avx2") == 0) return LATENTPIPE_KERNELS_AVX2;
    if (strcmp(name, "avx512") == 0) return LATENTPIPE_KERNELS_AVX512;
    return -2;
}

int latentpipe_cpu_supports_kernels(int path) {
    if (path == LATENTPIPE_KERNELS_PORTABLE) return 1;
    // For tests: LATENTPIPE_PRETEND_CPU=avx2|portable makes this processor look like one that
    // has no more than that path, so the fallbacks and refusals can be checked on any machine.
    int ceiling = kernel_path_named_by("LATENTPIPE_PRETEND_CPU");
    if (ceiling >= 0 && path > ceiling) return 0;
#if defined(__x86_64__)
    __builtin_cpu_init();
    // __builtin_cpu_supports also asks the OS (XGETBV) whether it saves the wide registers.
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
        && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
    if (path == LATENTPIPE_KERNELS_AVX2) return avx2;
    if (path == LATENTPIPE_KERNELS_AVX512) {
        return avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd")
            && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
            && __builtin_cpu_supports("avx512vl");
    }
#endif
    return 0;
}

/// The path named by LATENTPIPE_KERNELS: -1 when unset or empty, -2 when the name is unknown.
int latentpipe_requested_kernel_path(void) {
    return kernel_path_named_by("LATENTPIPE_KERNELS");
}

int latentpipe_kernel_path(void) {
    int requested = latentpipe_requested_kernel_path();
    if (requested >= 0 && latentpipe_cpu_supports_kernels(requested)) return requested;
    if (latentpipe_cpu_supports_kernels(LATENTPIPE_KERNELS_AVX512)) return LATENTPIPE_KERNELS_AVX512;
    if (latentpipe_cpu_supports_kernels(LATENTPIPE_KERNELS_AVX2)) return LATENTPIPE_KERNELS_AVX2;
    return LATENTPIPE_KERNELS_PORTABLE;
}

int latentpipe_available_processors(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count > 0) return count;
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}
