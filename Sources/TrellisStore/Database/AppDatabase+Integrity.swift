import Foundation
import GRDB
import TrellisModel

extension AppDatabase {
    /// What SQLite's `PRAGMA integrity_check` finds wrong with the file at `path` (at most
    /// `limit` problems): pages, indexes matching their tables, `NOT NULL` and `CHECK`
    /// constraints. Empty for a sound file. `quick` runs `quick_check`, which skips comparing
    /// indexes with their tables (about twice as fast).
    ///
    /// Run it before opening the database: opening for writing may itself write (a WAL file is
    /// started with a small transaction). The check's own connection writes nothing (`query_only`);
    /// it is opened for writing when the file can be written, since SQLite checks `CHECK`
    /// constraints only on such connections. `constraints: false` leaves those out (about half
    /// the cost of `quick_check`: a row's values are read, a long text's overflow pages walked).
    public static func integrityProblems(at path: String, quick: Bool = false, constraints: Bool = true, limit: Int = 20) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notFound(path) }
        var configuration = makeConfiguration(BusySignal())
        configuration.readonly = !constraints || access(path, W_OK) != 0
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA query_only = ON") }
        let problems: [String]
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            problems = try queue.inDatabase { db in
                try String.fetchAll(db, sql: "PRAGMA \(quick ? "quick_check" : "integrity_check")(\(max(1, limit)))")
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            // Damage can stop the check itself (a page it needs to start with).
            return [error.message ?? "database disk image is malformed"]
        } catch let error as DatabaseError {
            throw folderProblem(path: path, creating: false, error: error) ?? error
        }
        // One problem a line, without the headers that name the schema ("*** in database main ***").
        return problems == ["ok"] ? [] : problems.flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.hasPrefix("***") }
    }

    /// Refuses a damaged file at `path` (`StoreError.damaged`) before a bulk read or write:
    /// `quick_check` reads every page, so nothing is written into a file that cannot hold it.
    /// `constraints: false` checks pages and `NOT NULL` only, for a reader that checks the
    /// constrained values it reads itself (``UnwrittenValue``).
    public static func requireSound(path: String, constraints: Bool = true) throws {
        do {
            if let first = try integrityProblems(at: path, quick: true, constraints: constraints, limit: 2).first {
                throw StoreError.damaged(path: path, detail: first)
            }
        } catch {
            guard let detail = StoreMessages.damage(in: error) else { throw error }
            if case StoreError.damaged = error { throw error }
            throw StoreError.damaged(path: path, detail: detail)
        }
    }
}
