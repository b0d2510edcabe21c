import Foundation
import Testing
@testable import TrellisStore

/// Export reads batches on two threads at once; whatever order they finish in, they must reach
/// the writer in the order they were asked for.
@Suite struct OrderedPrefetchTests {
    @Test(arguments: [0, 1, 2, 3, 7])
    func outputsComeInTheOrderOfTheJobs(jobs: Int) throws {
        var next = 0
        var seen: [Int] = []
        try forEachPrefetched(width: 2, label: "test", nextJob: {
            guard next < jobs else { return nil }
            let job = next
            next += 1
            return {
                usleep(useconds_t(job % 2 == 0 ? 20_000 : 1_000))  // even jobs finish last
                return job
            }
        }) { seen.append($0) }
        #expect(seen == Array(0..<jobs))
    }

    @Test func aJobsErrorReachesTheCaller() {
        struct Failure: Error {}
        var next = 0
        #expect(throws: Failure.self) {
            try forEachPrefetched(width: 2, label: "test", nextJob: { () -> (@Sendable () throws -> Int)? in
                next += 1
                guard next <= 3 else { return nil }
                let failing = next == 2
                return {
                    if failing { throw Failure() }
                    return 0
                }
            }) { (_: Int) in }
        }
    }
}

/// An error must not leave jobs running behind the caller's back.
@Suite struct OrderedPrefetchErrorTests {
    private struct Failure: Error {}

    /// Counts jobs that have finished, from any thread.
    private final class Finished: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    /// Job 0 fails at once while job 1 is still working (it waits until the failure has been
    /// collected, so without the wait for it, it would still be running when the call returns).
    @Test func aFailedJobWaitsForTheJobsStillRunning() {
        let finished = Finished()
        let failed = DispatchSemaphore(value: 0)
        var next = 0
        #expect(throws: Failure.self) {
            try forEachPrefetched(width: 2, label: "test", nextJob: { () -> (@Sendable () throws -> Int)? in
                defer { next += 1 }
                switch next {
                case 0: return { failed.signal(); throw Failure() }
                case 1: return {
                    failed.wait()
                    usleep(50_000)
                    finished.add()
                    return 1
                }
                default: return nil
                }
            }) { (_: Int) in }
        }
        #expect(finished.value == 1, "the second job had finished when the error came back")
    }

    @Test func aFailingBodyWaitsForTheJobsStillRunning() {
        let finished = Finished()
        var next = 0
        #expect(throws: Failure.self) {
            try forEachPrefetched(width: 2, label: "test", nextJob: { () -> (@Sendable () throws -> Int)? in
                defer { next += 1 }
                guard next < 4 else { return nil }
                let slow = next > 0
                return {
                    if slow { usleep(50_000) }
                    finished.add()
                    return 0
                }
            }) { (_: Int) in throw Failure() }
        }
        #expect(finished.value == 3, "every job handed out had finished: \(finished.value)")
    }
}
