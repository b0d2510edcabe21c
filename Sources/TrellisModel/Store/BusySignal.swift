import Foundation

/// Tells whoever listens that a store call is waiting (for another process's lock, a busy
/// server), so that a screen can say so instead of looking frozen, and lets the listener cut the
/// wait short. A store reports its waits through `keepWaiting(after:)`; it waits at most `timeout`.
public final class BusySignal: @unchecked Sendable {
    /// Seconds a call waits before giving up, unless a store says otherwise.
    public static let defaultTimeout: TimeInterval = 10

    /// Seconds a call waits before it fails as busy.
    public let timeout: TimeInterval
    private let lock = NSLock()
    private var handler: (@Sendable (TimeInterval) -> Void)?
    private var giveUp: (@Sendable () -> Bool)?

    public init(timeout: TimeInterval = BusySignal.defaultTimeout) {
        self.timeout = timeout
    }

    /// Called on the waiting thread with the seconds waited so far.
    public func onWait(_ handler: @escaping @Sendable (TimeInterval) -> Void) {
        lock.withLock { self.handler = handler }
    }

    /// Stops waiting as soon as `predicate` holds (a signal arrived, the terminal went away):
    /// the call that waited fails as busy.
    public func giveUp(when predicate: @escaping @Sendable () -> Bool) {
        lock.withLock { giveUp = predicate }
    }

    /// For stores: a call has waited `seconds` so far; tells the listener (when `report` is set)
    /// and answers whether to go on waiting (not past `timeout`, nor once the listener gave up).
    public func keepWaiting(after seconds: TimeInterval, report: Bool) -> Bool {
        guard seconds < timeout else { return false }
        if let giveUp = lock.withLock({ self.giveUp }), giveUp() { return false }
        if report, let handler = lock.withLock({ self.handler }) { handler(seconds) }
        return true
    }
}
