import GRDB
import TrellisCore

/// Inserts span rows many to a statement (`VALUES (…), (…), …`): SQLite then opens its cursors
/// on the table and its indexes once per chunk instead of once per row, which roughly halves its
/// work for the million small rows of a large import. Rows keep the order they are appended in.
struct SpanRowInserter {
    private let db: Database
    private var pending: [BulkInsert.Value] = []

    /// Rows per statement at most.
    static let chunk = 32
    private static let columns = 5

    init(in db: Database) {
        self.db = db
        pending.reserveCapacity(Self.chunk * Self.columns)
    }

    /// Queues `span` of the document `documentID`, writing a full chunk.
    mutating func append(_ span: Span, documentID: Int64) throws {
        pending += [.integer(documentID), .integer(Int64(span.start)), .integer(Int64(span.end)), .text(span.label), .integer(Int64(span.depth))]
        if pending.count == Self.chunk * Self.columns { try flush() }
    }

    /// Writes the rows queued so far.
    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try BulkInsert(Self.sql[pending.count / Self.columns - 1], in: db).run(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// The statement for 1…`chunk` rows.
    private static let sql: [String] = (1...chunk).map { rows in
        #"INSERT INTO span (document_id, start, "end", label, depth) VALUES "#
            + Array(repeating: "(?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
    }
}
