import Foundation

/// Tells whoever listens that a database call is waiting for another process's lock (a long
/// export, a backup), so that a screen can say so instead of looking frozen. Waits happen in
/// short sleeps up to `AppDatabase.busyTimeout`.
public final class BusySignal: @unchecked Sendable {
    private let lock = NSLock()
    private var handler: (@Sendable (TimeInterval) -> Void)?
    private var giveUp: (@Sendable () -> Bool)?

    public init() {}

    /// Called on the waiting thread with the seconds waited so far.
    public func onWait(_ handler: @escaping @Sendable (TimeInterval) -> Void) {
        lock.withLock { self.handler = handler }
    }

    /// Stops waiting as soon as `predicate` holds (a signal arrived, the terminal went away):
    /// the call that waited fails as busy, at most one step (20 ms) later.
    public func giveUp(when predicate: @escaping @Sendable () -> Bool) {
        lock.withLock { giveUp = predicate }
    }

    /// SQLite's busy callback: sleeps a little and says whether to keep waiting.
    func wait(tries: Int) -> Bool {
        let step: TimeInterval = 0.02
        let waited = Double(tries) * step
        guard waited < AppDatabase.busyTimeout else { return false }
        if let giveUp = lock.withLock({ self.giveUp }), giveUp() { return false }
        if tries % 10 == 0, let handler = lock.withLock({ self.handler }) { handler(waited) }
        Thread.sleep(forTimeInterval: step)
        return true
    }
}
