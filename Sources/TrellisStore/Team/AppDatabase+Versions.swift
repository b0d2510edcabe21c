import GRDB
import TrellisCore

extension AppDatabase {
    /// The version of a document `reviewer` works on: their own independent copy when the
    /// document is assigned to them for independent review and not yet adjudicated (made from the
    /// shared spans the first time), else the shared version.
    public func workingDocument(id documentID: Int64, for reviewer: String) throws -> StoredDocument? {
        if isReadOnly { return try document(id: documentID) }
        return try writer.write { db in
            let reviewerID = try self.reviewer(named: reviewer, in: db).id!
            let independent = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM assignment WHERE document_id = ? AND reviewer_id = ? AND independent = 1)
                   AND NOT EXISTS (SELECT 1 FROM adjudication WHERE document_id = ?)
                """, arguments: [documentID, reviewerID, documentID]) ?? false
            guard independent else { return try Self.document(id: documentID, in: db) }
            if try Self.versionOwner(of: documentID, reviewerID: reviewerID, in: db) == nil {
                for var span in try SpanRecord.live(in: documentID).fetchAll(db) {
                    span.id = nil
                    span.ownerId = reviewerID
                    span.revision = 0
                    try span.insert(db)
                }
            }
            return try Self.document(id: documentID, owner: reviewerID, in: db)
        }
    }

    /// Every reviewer's independent version of a document, by reviewer name, in name order.
    public func versions(of documentID: Int64) throws -> [(reviewer: String, spans: [SpanRecord])] {
        try writer.read { db in
            let owners = try Row.fetchAll(db, sql: """
                SELECT DISTINCT v.id, v.name FROM span s JOIN reviewer v ON v.id = s.owner_id
                WHERE s.document_id = ? AND s.owner_id IS NOT NULL ORDER BY v.name
                """, arguments: [documentID])
            return try owners.map { row in
                (row["name"], try SpanRecord.live(in: documentID, owner: row["id"]).fetchAll(db))
            }
        }
    }

    /// Ids of documents that have at least two independent versions, in id order, after `after`.
    public func documentsWithVersions(after: Int64 = 0, limit: Int = 500) throws -> [Int64] {
        try writer.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT document_id FROM span WHERE owner_id IS NOT NULL AND document_id > ?
                GROUP BY document_id HAVING COUNT(DISTINCT owner_id) >= 2 ORDER BY document_id LIMIT ?
                """, arguments: [after, limit])
        }
    }
}
