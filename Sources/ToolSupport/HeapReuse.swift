import CAllocator

/// Asks the C allocator to keep freed blocks up to 32 MiB in the heap for reuse instead of
/// returning them to the system (glibc's `M_MMAP_THRESHOLD` and `M_TRIM_THRESHOLD`). A
/// training loop that allocates the same arrays every minibatch otherwise pays a page fault
/// for every page it touches, each time. No effect outside glibc.
public func reuseFreedMemory() {
    latentpipe_reuse_freed_memory()
}
