import Dispatch

/// Works on the next batch on a second thread while the caller works on the one before (agreement
/// reads the next page while it compares; export reads while it formats). One batch is in flight at most,
/// which bounds memory.
final class BackgroundBatch<Output: Sendable>: @unchecked Sendable {
    private let queue: DispatchQueue
    private let group = DispatchGroup()
    /// Written on `queue`, read only after `group.wait()`.
    private var result: Result<Output, any Error>?
    private(set) var isBusy = false

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Starts `work`. A batch already in flight must have been collected first.
    func start(_ work: @escaping @Sendable () throws -> Output) {
        precondition(!isBusy, "collect the batch in flight first")
        isBusy = true
        group.enter()
        queue.async { [self] in
            result = Result { try work() }
            group.leave()
        }
    }

    /// Waits for the batch in flight and returns what it made (or throws what it threw);
    /// `nil` when none is in flight.
    func collect() throws -> Output? {
        guard isBusy else { return nil }
        group.wait()
        isBusy = false
        defer { result = nil }
        return try result?.get()
    }
}
