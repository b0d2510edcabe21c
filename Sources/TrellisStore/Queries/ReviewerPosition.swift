import GRDB
import TrellisModel

extension AppDatabase {
    /// Remembers the document and span a reviewer is on, so that reopening lands there.
    public func savePosition(_ position: ReviewerPosition, of reviewer: String) throws {
        if isReadOnly { return }
        try write { db in
            let reviewerID = try self.reviewer(named: reviewer, in: db).id
            try db.execute(sql: """
                INSERT INTO reviewer_state (reviewer_id, document_id, span_index, span_start, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(reviewer_id) DO UPDATE SET document_id = excluded.document_id,
                    span_index = excluded.span_index, span_start = excluded.span_start, updated_at = excluded.updated_at
                """, arguments: [reviewerID, position.documentID, position.spanIndex, position.offset, now()])
        }
    }

    /// Where the reviewer was when they last left, if anywhere.
    public func lastPosition(of reviewer: String) throws -> ReviewerPosition? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.document_id, s.span_index, s.span_start FROM reviewer_state s JOIN reviewer r ON r.id = s.reviewer_id
                WHERE r.name = ? AND s.document_id IS NOT NULL
                """, arguments: [reviewer]) else { return nil }
            return ReviewerPosition(documentID: try row.decode(forColumn: "document_id"), spanIndex: try row.decode(forColumn: "span_index"),
                                    offset: try row.decode(forColumn: "span_start"))
        }
    }

    /// A value that changes whenever anyone commits a review action or an import, cheap enough to
    /// poll while idle (two lookups of a maximum rowid).
    public func changeToken() throws -> ChangeToken {
        try read { db in
            let history = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM history") ?? 0
            let imports = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM import_run") ?? 0
            return ChangeToken("\(history)/\(imports)")
        }
    }

    /// The smallest stage above `stage` (or the smallest at all), for cycling a stage filter.
    public func nextStage(after stage: Int?) throws -> Int? {
        try read { db in
            if let stage {
                return try Int.fetchOne(db, sql: "SELECT MIN(stage) FROM document WHERE stage > ?", arguments: [stage])
            }
            return try Int.fetchOne(db, sql: "SELECT MIN(stage) FROM document")
        }
    }
}
