#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// How a tool reacts to signals, set once at start by `ToolRunner`:
/// - SIGINT, SIGTERM, SIGHUP remove the temporary output files, then end the process with the
///   signal's default action, so the exit status still says "killed by signal" (130, 143, 129
///   in a shell). A signal that was ignored when the tool started (`nohup`) stays ignored;
///   one that was blocked is unblocked.
/// - SIGPIPE is ignored: a write to a closed pipe fails with EPIPE, which every tool turns into
///   a quiet exit 0 (`tool | head` is not an error), whatever the size of its output.
/// SIGKILL cannot be caught: after `kill -9` a temporary `.NAME.tmp-PID-XXXXXXXX` stays beside
/// the output.
enum SignalCleanup {
    static func install() {
        TemporaryFiles.prepare()
        signal(SIGPIPE, SIG_IGN)
        // A mask inherited blocked (a parent spawning from a Dispatch worker thread) would
        // leave the tool deaf to Ctrl-C and kill: take them back.
        var cleanup = sigset_t()
        sigemptyset(&cleanup)
        for number in TemporaryFiles.cleanupSignals { sigaddset(&cleanup, number) }
        pthread_sigmask(SIG_UNBLOCK, &cleanup, nil)
        for number in TemporaryFiles.cleanupSignals {
            var current = sigaction()
            guard sigaction(number, nil, &current) == 0 else { continue }
            if let handler = current.__sigaction_handler.sa_handler,
               unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                continue
            }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = removeTemporariesAndDie
            sigemptyset(&action.sa_mask)
            // The handler runs once (the default comes back) and may re-raise at once.
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND) | UInt32(SA_NODEFER))
            sigaction(number, &action, nil)
        }
    }
}

/// The handler: unlink the registered temporaries, then re-raise with the default action.
private func removeTemporariesAndDie(_ number: Int32) {
    TemporaryFiles.removeAllFromSignalHandler()
    raise(number)
}
