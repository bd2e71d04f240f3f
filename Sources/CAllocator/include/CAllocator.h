#ifndef LATENTPIPE_CALLOCATOR_H
#define LATENTPIPE_CALLOCATOR_H

/// Keeps freed blocks up to 32 MiB in the heap for reuse (glibc; nothing elsewhere).
void latentpipe_reuse_freed_memory(void);

#endif
