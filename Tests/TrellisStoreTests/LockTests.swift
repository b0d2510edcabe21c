import Foundation
import GRDB
import Testing
import TrellisStore
import TrellisTestSupport

/// A database locked by another process (a backup, a long export) makes writes wait and say so.
@Suite struct LockTests {
    /// The other connection holds its lock until the writer has reported that it waits, then
    /// writes a reviewer and commits: the writer's own reviewer then comes after it, so the write
    /// went through only once the lock was released. Nothing here depends on timing.
    @Test func aWriteWaitsForAnotherConnectionsLockAndReportsTheWait() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("locked.sqlite")
        let database = try AppDatabase.open(path: path)
        let waits = Counter()
        let waiting = DispatchSemaphore(value: 0)
        database.busySignal.onWait { _ in
            waits.increment()
            waiting.signal()
        }

        let other = try DatabaseQueue(path: path)
        let locked = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                // Held until the writer says it is waiting (or, if it never does, long enough to fail).
                _ = waiting.wait(timeout: .now() + 30)
                try db.execute(sql: "INSERT INTO reviewer (name, role, created_at) VALUES ('bo', 'reviewer', '2026-01-01T00:00:00.000Z')")
                try db.execute(sql: "COMMIT")
            }
            done.signal()
        }
        locked.wait()
        #expect(try database.reviewer(named: "ada").name == "ada")
        #expect(waits.value > 0)
        let order = try database.writer.read { db in try String.fetchAll(db, sql: "SELECT name FROM reviewer ORDER BY id") }
        #expect(order == ["bo", "ada"], "the write waited for the other connection's commit")
        done.wait()
    }
}

/// A thread-safe count.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
