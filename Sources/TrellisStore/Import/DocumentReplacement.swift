import Foundation
import GRDB
import TrellisCore
import TrellisModel

/// A document's content as history records it around a replacement.
struct DocumentContentSnapshot: Codable {
    var text: String
    var contentHash: String
    var spans: [SpanSnapshot]
}

extension AppDatabase {
    /// JSON for history columns: sorted keys, so equal states give equal text.
    static func historyJSON<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Replaces a stored document's content by a changed import; old spans are marked deleted
    /// (their reviews stay with them; document decisions, made on the old content, become stale),
    /// the new spans are kept as a new machine version (by `input.rewriter`, else `rewriter`) and
    /// the change is written to history.
    static func replaceContent(of documentID: Int64, with input: DocumentInput, problemCount: Int, runID: Int64, line: Int, rewriter: String,
                               reviewerID: Int64, at time: String, in db: Database) throws {
        let old = try DocumentRecord.fetchOne(db.cachedStatement(sql: "SELECT \(documentColumns) FROM document WHERE id = ?"), arguments: [documentID])!
        let oldSpans = try SpanRecord.live(in: documentID).fetchAll(db)
        try db.execute(sql: "UPDATE span SET deleted = 1, revision = revision + 1 WHERE document_id = ? AND deleted = 0", arguments: [documentID])
        try insertSpans(input.annotated.spans, documentID: documentID, in: db)
        try MachineVersionWriter(in: db).insertNext(documentID: documentID, spans: input.annotated.spans, rewriter: input.rewriter ?? rewriter, runID: runID)
        let newSpans = try SpanRecord.live(in: documentID).fetchAll(db)
        // Every version's spans were deleted; the shared one holds the new spans only.
        try VersionState.forget(documentID, in: db)
        try VersionState.set(documentID, owner: nil, to: DecisionState.spanSum(of: newSpans.map(\.span)), in: db)
        // Through `RawStatement`, which binds the text's length: GRDB would cut it at a NUL.
        try RawStatement("""
            UPDATE document SET text = ?, length = ?, source = ?, stage = ?, meta = ?, content_hash = ?, import_run_id = ?,
                import_line = ?, span_count = ?, problem_count = ?, revision = revision + 1, updated_at = ?
            WHERE id = ?
            """, in: db).run(
                .text(input.text), .init(input.annotated.scalars.count), .init(input.source), .init(input.stage), .init(input.metaJSON),
                .text(input.contentHash), .init(runID), .init(line), .init(input.annotated.spans.count), .init(problemCount), .text(time),
                .init(documentID))
        // Document decisions were made on the old content: the status follows those still current.
        let state = DecisionState.fingerprint(ofDocument: newSpans.map(\.span), contentHash: input.contentHash)
        try db.execute(sql: "UPDATE document SET status = ? WHERE id = ?", arguments: [try status(of: documentID, sharedState: state, in: db).rawValue, documentID])
        for reviewerID in try Int64.fetchAll(db, sql: "SELECT reviewer_id FROM assignment WHERE document_id = ? AND version_status IS NOT NULL", arguments: [documentID]) {
            try refreshVersionStatus(of: documentID, reviewer: reviewerID, in: db)
        }
        try HistoryRecord.append(
            document: documentID, span: nil, reviewer: reviewerID, at: time, action: "reimport",
            before: try historyJSON(DocumentContentSnapshot(text: old.text, contentHash: old.contentHash, spans: oldSpans.map(SpanSnapshot.init))),
            after: try historyJSON(DocumentContentSnapshot(text: input.text, contentHash: input.contentHash, spans: newSpans.map(SpanSnapshot.init))),
            reverts: nil, in: db)
    }
}
