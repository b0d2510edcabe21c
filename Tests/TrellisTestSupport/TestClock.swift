import Foundation

/// A clock for the store that moves only when the test moves it, so that the times in history,
/// exports and manifests are the same on every run: `AppDatabase.inMemory(clock: clock.now)`.
public final class TestClock: @unchecked Sendable {
    /// 2026-09-21T14:13:20Z, where every test clock starts.
    public static let start = Date(timeIntervalSince1970: 1_790_000_000)

    private let lock = NSLock()
    private var current: Date

    public init(at start: Date = TestClock.start) {
        current = start
    }

    /// The time now (the store's `clock`).
    @Sendable public func now() -> Date {
        lock.withLock { current }
    }

    /// Moves the clock on.
    public func advance(minutes: Int) {
        lock.withLock { current += TimeInterval(minutes * 60) }
    }
}
