// Every program that links the engine (SparseCoding) links this file too, so it checks, before
// main, the environment variable that forces a kernel path: an unknown name, or a path this
// processor cannot run, stops the program with one line instead of an illegal instruction or a
// silently different path. Tools that never link the engine ignore the variable.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "CPUFeatures.h"

__attribute__((constructor, used))
static void latentpipe_check_requested_kernels(void) {
    int requested = latentpipe_requested_kernel_path();
    if (requested == -1) return;
#if defined(__GLIBC__)
    const char *tool = program_invocation_short_name;
#else
    const char *tool = "latentpipe";
#endif
    if (requested == -2) {
        fprintf(stderr, "%s: LATENTPIPE_KERNELS=%s is not a kernel path (use avx512, avx2 or portable, or unset it)\n",
                tool, getenv("LATENTPIPE_KERNELS"));
        exit(2);
    }
    if (!latentpipe_cpu_supports_kernels(requested)) {
        fprintf(stderr, "%s: LATENTPIPE_KERNELS=%s, but this processor cannot run that path (unset it to choose automatically)\n",
                tool, getenv("LATENTPIPE_KERNELS"));
        exit(2);
    }
}
