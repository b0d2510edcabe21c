import GRDB
import GRDBSQLite

/// What one connection runs while traced: each statement with the statements of the triggers it
/// fired, and the work SQLite did for it (virtual machine steps and steps of full scans, the
/// triggers' included). Counts, not times: the same on a busy machine as on a quiet one.
final class StatementTrace {
    struct Statement {
        var sql: String
        fileprivate var handle: OpaquePointer?
        /// The trigger programs it ran, and their statements, in order ("-- TRIGGER name", "-- UPDATE …").
        var triggered: [String] = []
        var steps: Int64 = 0
        var fullScanSteps: Int64 = 0
        /// Whether it was prepared for this run (its first), rather than kept prepared by the connection.
        var prepared = false

        /// The names of the triggers it fired.
        var triggers: [String] {
            triggered.compactMap { line in line.hasPrefix("-- TRIGGER ") ? String(line.dropFirst(11).prefix { $0 != ";" }) : nil }
        }
    }

    private(set) var statements: [Statement] = []

    var triggerStatements: Int { statements.map { $0.triggered.filter { !$0.hasPrefix("-- TRIGGER ") }.count }.reduce(0, +) }
    var steps: Int64 { statements.map(\.steps).reduce(0, +) }
    var fullScanSteps: Int64 { statements.map(\.fullScanSteps).reduce(0, +) }

    /// Traces `db`'s connection until `stop(_:)`.
    func start(_ db: Database) {
        statements = []
        sqlite3_trace_v2(db.sqliteConnection, UInt32(SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE), { kind, context, statement, text in
            let trace = Unmanaged<StatementTrace>.fromOpaque(context!).takeUnretainedValue()
            trace.record(kind: kind, statement: OpaquePointer(statement), text: text)
            return 0
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    func stop(_ db: Database) {
        sqlite3_trace_v2(db.sqliteConnection, 0, nil, nil)
    }

    private func record(kind: UInt32, statement: OpaquePointer?, text: UnsafeMutableRawPointer?) {
        if kind == UInt32(SQLITE_TRACE_STMT), let text {
            let sql = String(cString: text.assumingMemoryBound(to: CChar.self))
            if sql.hasPrefix("--"), !statements.isEmpty {
                statements[statements.count - 1].triggered.append(sql)
            } else {
                // Counters start from zero for each run of a (cached) statement.
                _ = sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_VM_STEP, 1)
                _ = sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1)
                statements.append(Statement(sql: sql, handle: statement))
            }
        } else if kind == UInt32(SQLITE_TRACE_PROFILE), let index = statements.lastIndex(where: { $0.handle == statement }) {
            statements[index].steps = Int64(sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_VM_STEP, 0))
            statements[index].fullScanSteps = Int64(sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0))
            statements[index].prepared = sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_RUN, 0) <= 1
        }
    }

    /// One line per statement with its trigger statements beneath: for a failing expectation.
    var description: String {
        statements.map { statement in
            (["\(statement.prepared ? "prepared, " : "")\(statement.steps) steps, \(statement.fullScanSteps) in scans: \(statement.sql)"] + statement.triggered.map { "    " + $0 })
                .joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
