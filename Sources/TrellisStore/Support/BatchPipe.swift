import Foundation

/// Hands batches from one producing thread to one consuming thread, holding at most `capacity`
/// that are made but not yet taken (which bounds memory): import reads and decodes on one thread
/// while it writes on the other, neither waiting for the other unless one falls behind.
final class BatchPipe<Batch: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    /// Guarded by `condition`.
    private var queued: [Batch] = []
    private var ending: Result<Void, any Error>?
    private var stopped = false
    private var spent: [Batch] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Queues `batch`, waiting while the pipe is full; `false` once the consumer has stopped.
    /// Batches given back are freed here, on the producer's thread.
    func send(_ batch: Batch) -> Bool {
        condition.lock()
        let used = spent
        spent.removeAll()
        defer {
            condition.unlock()
            _ = used
        }
        while queued.count >= capacity && !stopped { condition.wait() }
        guard !stopped else { return false }
        queued.append(batch)
        condition.broadcast()
        return true
    }

    /// Marks the end of the batches; `error` is what the producer failed with, if it did.
    func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        defer { condition.unlock() }
        ending = error.map { .failure($0) } ?? .success(())
        condition.broadcast()
    }

    /// The next batch, waiting for it; `nil` after the last one, or the producer's error.
    func receive() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queued.isEmpty && ending == nil { condition.wait() }
        if !queued.isEmpty {
            condition.broadcast()
            return queued.removeFirst()
        }
        try ending?.get()
        return nil
    }

    /// Hands a batch the consumer is done with to the producer, which frees it (freeing a large
    /// batch is work that the consumer, the slower side, should not do).
    func giveBack(_ batch: consuming Batch) {
        condition.lock()
        defer { condition.unlock() }
        spent.append(batch)
    }

    /// Tells the producer that no more batches will be taken.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
    }
}
