#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Seconds on the monotonic clock, for rates in reports and progress.
public func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
