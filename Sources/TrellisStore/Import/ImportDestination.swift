import Foundation

/// Where an import writes, as `trellis import --db PATH` does: into the database at `path` when
/// there is one (checked sound first: nothing is written into a damaged file; a failure part-way
/// keeps the batches committed before it), else into a new database built aside and moved into
/// place when the import ends (``NewDatabaseBuild``), so that a failure of the disk or the
/// database leaves nothing at `path`. A file that cannot be read leaves a new database with what
/// was imported before it, as an existing one keeps it (and nothing, when that is nothing).
public enum ImportDestination {
    /// Imports into the database at `path` with `importFiles` (which returns whether any line was
    /// rejected, and is returned); `beforeCreating` runs before a new database is begun (to refuse
    /// a broken configuration file first). A failure throws ``ImportStopped``, whose message says
    /// what was written and what was not, or, for a damaged file, the error that shows it.
    public static func importing(into path: String, beforeCreating: () throws -> Void, _ importFiles: (AppDatabase) throws -> Bool) throws -> Bool {
        if FileManager.default.fileExists(atPath: path) {
            try AppDatabase.requireSound(path: path)
            let database = try AppDatabase.open(path: path)
            do {
                return try importFiles(database)
            } catch let stop as ImportInterrupted {
                if StoreMessages.damage(in: stop.cause) != nil { throw stop.cause }
                throw ImportStopped("\(stop.file): \(StoreMessages.reason(stop.cause)). " + stop.whatWasKept(in: path)
                    + " Run the same import again when that is fixed: documents already in \(path) are skipped as unchanged.")
            }
        }
        try beforeCreating()
        let build: NewDatabaseBuild
        do {
            build = try NewDatabaseBuild(path: path)
        } catch {
            throw ImportStopped("\(StoreMessages.reason(error)). Nothing was written: \(path) was not created.")
        }
        let anyRejected: Bool
        do {
            anyRejected = try importFiles(build.database)
        } catch {
            try keepWhatWasImported(in: build, after: error)
        }
        do {
            try build.finish()
        } catch {
            throw ImportStopped("\(StoreMessages.reason(error)). Nothing was written: \(path) was not created.")
        }
        return anyRejected
    }

    /// After `error` stopped the import into a new database: finishes it when the failure was a
    /// file's (the database and the disk are sound) and documents were imported before it, else
    /// abandons it. Always throws ``ImportStopped``.
    private static func keepWhatWasImported(in build: NewDatabaseBuild, after error: any Error) throws -> Never {
        let path = build.path
        let stop = error as? ImportInterrupted
        let cause = stop?.cause ?? error
        let reason = stop.map { "\($0.file): \(StoreMessages.reason(cause))" } ?? StoreMessages.reason(cause)
        var keep = false
        if !StoreMessages.isDatabaseFailure(cause) {
            do {
                keep = try build.database.hasDocuments()
            } catch {
                keep = false  // the database cannot say: it is not kept
            }
        }
        guard keep else {
            build.abandon()
            throw ImportStopped("\(reason). Nothing was written: \(path) was not created.")
        }
        do {
            try build.finish()
        } catch {
            throw ImportStopped("\(reason); then \(StoreMessages.reason(error)). Nothing was written: \(path) was not created.")
        }
        throw ImportStopped("\(reason). " + (stop.map { $0.whatWasKept(in: path) } ?? "\(path) was created with the files imported before it."))
    }
}

/// Why an import stopped, in words that say what was written and what was not.
public struct ImportStopped: Error, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension ImportInterrupted {
    /// What the interrupted import of one file left in the database at `path`, in words.
    func whatWasKept(in path: String) -> String {
        let kept = committed.imported + committed.replaced
        guard kept > 0 else { return "Nothing of \(file) was written to \(path)." }
        let replaced = committed.replaced > 0 ? " (\(committed.replaced) of them replacing stored versions)" : ""
        return "\(kept) document\(kept == 1 ? "" : "s") of \(file) had been imported before that\(replaced) and are committed in \(path); the rest of \(file) was not imported."
    }
}
