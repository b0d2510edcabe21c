import Dispatch
import Foundation
import Testing
@testable import TrellisStore

/// Import reads and decodes on one thread while it writes on another, through a `BatchPipe`.
@Suite struct BatchPipeTests {
    private struct Failure: Error, Equatable {}

    /// Runs `produce` on its own thread, as import does, and waits for it when `body` is done.
    private func withProducer(_ pipe: BatchPipe<[Int]>, _ produce: @escaping @Sendable () throws -> Void, _ body: () throws -> Void) throws {
        let group = DispatchGroup()
        DispatchQueue(label: "test.producer").async(group: group) {
            do {
                try produce()
                pipe.finish()
            } catch {
                pipe.finish(throwing: error)
            }
        }
        defer {
            pipe.stop()
            group.wait()
        }
        try body()
    }

    @Test func batchesArriveInOrderThenTheEnd() throws {
        let pipe = BatchPipe<[Int]>(capacity: 1)
        var received: [[Int]] = []
        try withProducer(pipe, {
            for index in 0..<50 { _ = pipe.send([index, index * 2]) }
        }) {
            while let batch = try pipe.receive() {
                received.append(batch)
                pipe.giveBack(batch)
            }
        }
        #expect(received == (0..<50).map { [$0, $0 * 2] })
        #expect(try pipe.receive() == nil)
    }

    @Test func theProducersErrorComesAfterTheBatchesBeforeIt() {
        let pipe = BatchPipe<[Int]>(capacity: 2)
        var received: [[Int]] = []
        #expect(throws: Failure()) {
            try withProducer(pipe, {
                _ = pipe.send([1])
                _ = pipe.send([2])
                throw Failure()
            }) {
                while let batch = try pipe.receive() { received.append(batch) }
            }
        }
        #expect(received == [[1], [2]])
    }

    @Test func aConsumerThatStopsReleasesAWaitingProducer() throws {
        let pipe = BatchPipe<[Int]>(capacity: 1)
        let refused = Refusals()
        try withProducer(pipe, {
            for index in 0..<1000 where !pipe.send([index]) {
                refused.record(index)
                return
            }
        }) {
            let first = try pipe.receive()
            #expect(first == [0])
            // Returning stops the pipe while the producer waits to send more: it must not hang.
        }
        #expect(refused.first.map { $0 >= 1 && $0 < 1000 } == true)
    }

    private final class Refusals: @unchecked Sendable {
        private let lock = NSLock()
        private var indexes: [Int] = []
        func record(_ index: Int) { lock.withLock { indexes.append(index) } }
        var first: Int? { lock.withLock { indexes.first } }
    }
}
