import Foundation
import Testing
@testable import TrellisStore

/// `parallelMap` keeps the order of its input and releases everything it made once its results
/// are dropped (it leaked every result that held a reference, 2 KB per record of an export's
/// validation).
@Suite struct ParallelMapTests {
    /// Counts the instances alive.
    final class Tracked: Sendable {
        static let alive = Counter()
        let value: Int

        init(_ value: Int) {
            self.value = value
            Self.alive.add(1)
        }

        deinit { Self.alive.add(-1) }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add(_ delta: Int) { lock.withLock { count += delta } }
        var value: Int { lock.withLock { count } }
    }

    @Test func resultsKeepTheirOrderAndAreReleasedWhenDropped() {
        let before = Tracked.alive.value
        do {
            let results = parallelMap(Array(0..<1000)) { index in (tracked: Tracked(index), list: [Tracked(-index)]) }
            withExtendedLifetime(results) {
                #expect(results.map(\.tracked.value) == Array(0..<1000))
                #expect(Tracked.alive.value == before + 2000)
            }
        }
        #expect(Tracked.alive.value == before)
    }
}
