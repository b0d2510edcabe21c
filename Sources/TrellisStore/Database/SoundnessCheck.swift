import Foundation

/// ``AppDatabase/requireSound(path:constraints:)`` run on a thread of its own, beside work that
/// reads the same file (an export), so that its pass over every page takes no wall time of its
/// own. The work calls ``require()`` before it publishes anything, and after it fails, so that
/// damage is reported as such even when the work stopped on it first.
///
/// Only work that writes nothing into the file may run beside the check: anything that writes
/// (a migration, a file given to store) waits for it first. The work reads rows before the check
/// has seen them, so it checks the constrained values it reads itself (``UnwrittenValue``), and
/// the check leaves `CHECK` constraints out: pages and `NOT NULL`, at half the cost.
public final class SoundnessCheck: @unchecked Sendable {
    private let done = DispatchGroup()
    private let lock = NSLock()
    private var outcome: Result<Void, any Error>?

    /// Starts checking the file at `path`.
    public init(path: String) {
        done.enter()
        Thread.detachNewThread { [self] in
            let result = Result { try AppDatabase.requireSound(path: path, constraints: false) }
            lock.withLock { outcome = result }
            done.leave()
        }
    }

    /// Waits for the check; throws `StoreError.damaged` for a damaged file, or what stopped the
    /// check.
    public func require() throws {
        done.wait()
        try lock.withLock { outcome }?.get()
    }

    /// `error` as the work that stopped on it should report it: the damage the check found, if
    /// any, else `error` itself.
    public func explaining(_ error: any Error) -> any Error {
        do {
            try require()
        } catch let damage as StoreError {
            if case .damaged = damage { return damage }
        } catch {}
        return error
    }
}
