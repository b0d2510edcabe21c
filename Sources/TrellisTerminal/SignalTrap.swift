import Glibc
import Synchronization

/// Turns SIGTERM, SIGHUP, SIGINT and SIGQUIT into a flag the input loop checks.
///
/// The handler only stores the signal number in an atomic, which is async-signal-safe. It is
/// installed without `SA_RESTART`, and the signals are unblocked on the installing thread (the one
/// that reads keys), so its blocking read is interrupted and returns.
struct SignalTrap {
    static let trappedSignals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT]

    /// The last trapped signal, 0 for none.
    private static let pendingNumber = Atomic<Int32>(0)

    private var previous: [Int32: sigaction] = [:]
    private var previousMask = sigset_t()

    /// The signal that arrived since ``install()``, if any.
    static var pending: Int32? {
        let number = pendingNumber.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// Records the current dispositions, to put back on ``restore()``. Call it before ncurses
    /// installs handlers of its own, so that those are not what gets restored.
    static func recordingCurrentDispositions() -> SignalTrap {
        var trap = SignalTrap()
        pthread_sigmask(SIG_SETMASK, nil, &trap.previousMask)
        for signal in trappedSignals {
            var current = sigaction()
            if sigaction(signal, nil, &current) == 0 { trap.previous[signal] = current }
        }
        return trap
    }

    /// Clears the flag, routes the signals to it and unblocks them on the calling thread.
    func install() {
        // Also forces the lazy initialisation of the atomic outside the signal handler.
        Self.pendingNumber.store(0, ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            SignalTrap.pendingNumber.store(signal, ordering: .relaxed)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signal in Self.trappedSignals {
            sigaction(signal, &action, nil)
            sigaddset(&unblocked, signal)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }

    /// Puts back the dispositions and the thread's signal mask recorded before the terminal started.
    func restore() {
        for (signal, disposition) in previous {
            var disposition = disposition
            sigaction(signal, &disposition, nil)
        }
        var mask = previousMask
        pthread_sigmask(SIG_SETMASK, &mask, nil)
    }
}
