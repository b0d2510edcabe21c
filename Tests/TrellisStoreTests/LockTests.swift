import Foundation
import GRDB
import Testing
@testable import TrellisStore
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
        let order = try database.read { db in try String.fetchAll(db, sql: "SELECT name FROM reviewer ORDER BY id") }
        #expect(order == ["bo", "ada"], "the write waited for the other connection's commit")
        done.wait()
    }
}

extension LockTests {
    @Test func aWaitEndsAsSoonAsItsOwnerGivesUp() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("locked.sqlite")
        let database = try AppDatabase.open(path: path)
        let stop = Counter()
        database.busySignal.giveUp { stop.value > 0 }
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: path, configuration: configuration)
        try other.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? other.inDatabase { try $0.execute(sql: "ROLLBACK") } }
        let told = Moment()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            told.mark()
            stop.increment()
        }
        #expect(throws: DatabaseError.self) { _ = try database.reviewer(named: "ada") }
        let late = Date().timeIntervalSince(try #require(told.value))
        #expect(late < 0.5, "gave up \(late) s after being told, not after \(AppDatabase.busyTimeout) s")
        let error = #expect(throws: DatabaseError.self) { _ = try database.reviewer(named: "bo") }
        #expect(error.map { StoreMessages.describe($0) }?.contains("nothing was changed") == true)
    }
}

/// A thread-safe point in time.
final class Moment: @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date?
    func mark() { lock.withLock { date = Date() } }
    var value: Date? { lock.withLock { date } }
}

/// A thread-safe count.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
