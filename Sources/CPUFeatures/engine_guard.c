// The engine (SparseCoding) is compiled for Haswell: AVX2 and FMA. Every program that links it
// links this file too (SparseCoding depends on CPUFeatures), so the check runs before main in
// exactly the programs that can execute engine code, and no others: a tool needs no flag for
// it, and tools that never link the engine (tensor-info, plot, psnr, ...) run on any x86-64.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "CPUFeatures.h"

__attribute__((constructor, used))
static void latentpipe_require_engine_features(void) {
    if (latentpipe_cpu_has_engine_features()) return;
#if defined(__GLIBC__)
    const char *tool = program_invocation_short_name;
#else
    const char *tool = "latentpipe";
#endif
    // One line and exit 1, as for any other runtime failure, instead of an illegal instruction.
    fprintf(stderr, "%s: this build needs an x86-64 processor with AVX2 and FMA (Haswell or later); see README\n", tool);
    exit(1);
}
