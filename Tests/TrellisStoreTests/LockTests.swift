import Foundation
import GRDB
import Testing
import TrellisStore
import TrellisTestSupport

/// A database locked by another process (a backup, a long export) makes writes wait and say so.
@Suite struct LockTests {
    @Test func aWriteWaitsForAnotherConnectionsLockAndReportsTheWait() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("locked.sqlite")
        let database = try AppDatabase.open(path: path)
        let waits = Counter()
        database.busySignal.onWait { _ in waits.increment() }

        let other = try DatabaseQueue(path: path)
        let locked = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                Thread.sleep(forTimeInterval: 0.5)
                try db.execute(sql: "COMMIT")
            }
            done.signal()
        }
        locked.wait()
        let started = Date()
        #expect(try database.reviewer(named: "ada").name == "ada")
        #expect(Date().timeIntervalSince(started) >= 0.3)
        #expect(waits.value > 0)
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
