/// Runs jobs on `width` background threads, at most `width` in flight, and hands their outputs
/// to `body` in the order the jobs came: export reads and judges two batches at once while it
/// writes the one before. `nextJob` returns `nil` when there is no more work.
///
/// When a job, `nextJob` or `body` throws, the jobs still in flight are waited for before the
/// error is rethrown, so that none outlives the call (they read the database the caller is
/// about to close, or a file it is about to delete).
func forEachPrefetched<Output: Sendable>(
    width: Int, label: String,
    nextJob: () throws -> (@Sendable () throws -> Output)?,
    _ body: (Output) throws -> Void
) throws {
    let workers = (0..<max(1, width)).map { BackgroundBatch<Output>(label: "\(label).\($0)") }
    do {
        for worker in workers {
            guard let job = try nextJob() else { break }
            worker.start(job)
        }
        var turn = 0
        // Jobs go to the workers in turn, so collecting in turn keeps their order; the first idle
        // worker means every job has been handed out and collected.
        while let output = try workers[turn].collect() {
            if let job = try nextJob() { workers[turn].start(job) }
            try body(output)
            turn = (turn + 1) % workers.count
        }
    } catch {
        for worker in workers { _ = try? worker.collect() }
        throw error
    }
}
