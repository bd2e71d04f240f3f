#include <stdlib.h>
#include <string.h>
#include "CPUFeatures.h"

int latentpipe_cpu_has_engine_features(void) {
    const char *pretend = getenv("LATENTPIPE_PRETEND_NO_AVX2");
    if (pretend != NULL && strcmp(pretend, "1") == 0) return 0;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 1;
#endif
}
