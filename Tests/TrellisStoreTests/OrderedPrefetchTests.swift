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
