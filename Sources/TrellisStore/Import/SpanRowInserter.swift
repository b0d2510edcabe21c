import GRDB
import TrellisCore

/// Inserts span rows many to a statement (`VALUES (…), (…), …`): SQLite then opens its cursors
/// on the table and its indexes once per chunk instead of once per row, which roughly halves its
/// work for the million small rows of a large import. Rows keep the order they are appended in.
///
/// `OR FAIL`: a statement that fails leaves its earlier rows in place instead of undoing them,
/// which spares SQLite a statement journal per chunk. Every caller writes inside a transaction
/// that a failure rolls back whole (an import batch, a document's replacement).
///
/// The rows are live spans of the shared version: `finish()` adds them to the running totals
/// and search tokens, which no trigger sees them for (`RunningTotals`).
struct SpanRowInserter {
    private let db: Database
    /// The statement for a full chunk, the one used most.
    private let fullChunk: RawStatement
    private var pending: [RawStatement.Value] = []
    private var additions = RunningTotals.Additions()

    /// Rows per statement at most.
    static let chunk = 32
    private static let columns = 5

    init(in db: Database) throws {
        self.db = db
        fullChunk = try RawStatement(Self.sql[Self.chunk - 1], in: db)
        pending.reserveCapacity(Self.chunk * Self.columns)
    }

    /// Queues `spans` of the document `documentID`, writing each chunk that fills.
    mutating func append(_ spans: [Span], documentID: Int64) throws {
        for span in spans {
            pending.append(.integer(documentID))
            pending.append(.integer(Int64(span.start)))
            pending.append(.integer(Int64(span.end)))
            pending.append(.text(span.label))
            pending.append(.integer(Int64(span.depth)))
            if pending.count == Self.chunk * Self.columns { try flush() }
        }
        additions.addSpans(spans, documentID: documentID)
    }

    /// Writes the rows queued so far and adds them to the totals.
    mutating func finish() throws {
        try flush()
        try additions.write(in: db)
    }

    /// Writes the rows queued so far.
    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        let rows = pending.count / Self.columns
        try (rows == Self.chunk ? fullChunk : RawStatement(Self.sql[rows - 1], in: db)).run(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// The statement for 1…`chunk` rows.
    private static let sql: [String] = (1...chunk).map { rows in
        #"INSERT OR FAIL INTO span (document_id, start, "end", label, depth) VALUES "#
            + Array(repeating: "(?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
    }
}
