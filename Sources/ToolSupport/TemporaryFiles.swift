#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The temporary files a tool has created and not yet renamed or removed, kept where a signal
/// handler can reach them: a fixed table of C strings, so that removing them on SIGINT/SIGTERM
/// takes only `unlink` calls (async-signal-safe), no allocation, no lock, no Swift runtime.
///
/// Updates run with the cleanup signals blocked in the calling thread, so a handler on that
/// thread never sees a half-made change. The tools create outputs from one thread (the engine's
/// worker threads, started by Dispatch, block these signals).
enum TemporaryFiles {
    /// More than any tool holds at once (the output, side outputs, a checkpoint).
    static let capacity = 64

    /// The table: a path per slot, nil when free. A global constant pointer (never reassigned),
    /// so reading it from a handler involves no lazy initialisation once `prepare` has run,
    /// and no exclusivity check.
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        table.initialize(repeating: nil, count: capacity)
        return table
    }()

    /// Makes the table before any handler that reads it is installed.
    static func prepare() { _ = slots }

    /// The signals whose default action ends the process and on which temporaries are removed.
    static let cleanupSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Runs `body` with the cleanup signals blocked in this thread, so that "file created" and
    /// "file registered" (or "renamed" and "forgotten") happen together as far as a handler can see.
    static func withSignalsBlocked<Result>(_ body: () throws -> Result) rethrows -> Result {
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        for signal in cleanupSignals { sigaddset(&blocked, signal) }
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    /// Records `path` for removal on a signal; returns its slot, or nil when the table is full.
    static func register(_ path: String) -> Int? {
        prepare()
        for slot in 0..<capacity where slots[slot] == nil {
            slots[slot] = strdup(path)
            return slot
        }
        return nil
    }

    /// Forgets the path in `slot` (after it was renamed into place or removed).
    static func unregister(_ slot: Int) {
        let path = slots[slot]
        slots[slot] = nil
        free(path)
    }

    /// Removes every registered file. Called from a signal handler: `unlink` only.
    static func removeAllFromSignalHandler() {
        for slot in 0..<capacity {
            if let path = slots[slot] { unlink(path) }
        }
    }
}
