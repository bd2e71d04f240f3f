// The allocator setting for training loops (see reuseFreedMemory in ToolSupport). Its own
// target: CPUFeatures carries the engine's start-up check, which tools without the engine skip.
#include <stdlib.h>  // defines __GLIBC__ on glibc
#include "CAllocator.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void latentpipe_reuse_freed_memory(void) {
#if defined(__GLIBC__)
    // Blocks up to 32 MiB (glibc's largest mmap threshold on 64-bit) come from the heap, and
    // up to 256 MiB of free heap top is kept rather than trimmed.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}
