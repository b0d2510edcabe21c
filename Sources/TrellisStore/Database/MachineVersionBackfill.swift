import Foundation
import GRDB
import TrellisCore

/// Migration v13: gives every document of a database imported before machine versions were kept
/// its machine versions, worked out from what the database still holds.
///
/// - A document whose shared spans no history entry touched still has them as imported: they are
///   its one version.
/// - Otherwise its history is walked back from its current state (`SpanRewind`): each re-import's
///   recorded spans (its `after`) are a version, and the spans reached before the first entry are
///   the first one.
///
/// The spans are exact as long as every change went through Trellis (history records each). The
/// rewriter is not: every version gets the document's `meta.rewriter` as it is now, else the
/// name of the file its latest import read, as import names it; versions made so are marked
/// `origin = 'backfill'`.
enum MachineVersionBackfill {
    static func run(in db: Database) throws {
        // Ratings, decisions and notes change no span; any other entry may have.
        let touched = try Set(Int64.fetchAll(db, sql: "SELECT DISTINCT document_id FROM history WHERE action NOT IN ('rate', 'decide', 'reconfirm', 'note', 'decide-document', 'reconfirm-document', 'note-document')"))
        let insert = try RawStatement("""
            INSERT INTO machine_version (document_id, version, rewriter, import_run_id, origin, spans) VALUES (?, ?, ?, ?, 'backfill', ?)
            """, in: db)
        var after: Int64 = 0
        while true {
            let documents = try Row.fetchAll(db, sql: """
                SELECT d.id, d.meta, d.import_run_id, r.file FROM document d LEFT JOIN import_run r ON r.id = d.import_run_id
                WHERE d.id > ? ORDER BY d.id LIMIT 1000
                """, arguments: [after])
            guard let last = documents.last else { return }
            after = try last.decode(forColumn: "id")
            let untouched = try documents.map { try $0.decode(Int64.self, forColumn: "id") }.filter { !touched.contains($0) }
            let spans = try liveSharedSpans(of: untouched, in: db)
            for document in documents {
                let id: Int64 = try document.decode(forColumn: "id")
                let runID: Int64? = try document.decode(forColumn: "import_run_id")
                let meta: String? = try document.decode(forColumn: "meta")
                let file: String? = try document.decode(forColumn: "file")
                let rewriter = meta.flatMap { try? JSONParser.parse(Array($0.utf8)) }.flatMap(Rewriter.named(inMeta:))
                    ?? file.map(Rewriter.name(forFile:)) ?? "unknown"
                let versions = touched.contains(id) ? try versionsFromHistory(of: id, in: db) : [spans[id] ?? []]
                for (number, version) in versions.enumerated() {
                    try insert.run(.integer(id), .integer(Int64(number + 1)), .text(rewriter), .init(runID), .blob(CompactSpans.encode(version)))
                }
            }
        }
    }

    /// The live shared spans of `documents`, by document.
    private static func liveSharedSpans(of documents: [Int64], in db: Database) throws -> [Int64: [Span]] {
        guard !documents.isEmpty else { return [:] }
        var spans: [Int64: [Span]] = [:]
        try db.forEachRawRow(sql: """
            SELECT document_id, start, "end", label, depth FROM span
            WHERE document_id IN (\(documents.map { _ in "?" }.joined(separator: ","))) AND owner_id IS NULL AND deleted = 0
            """, arguments: StatementArguments(documents)) { row in
            spans[row.int64(0), default: []].append(Span(start: row.int(1), end: row.int(2), label: row.string(3), depth: row.int(4)))
        }
        return spans
    }

    /// A document's versions, oldest first: the spans before its first history entry, then those
    /// each re-import wrote.
    private static func versionsFromHistory(of documentID: Int64, in db: Database) throws -> [[Span]] {
        var rewind = try SpanRewind(documentID: documentID, in: db)
        var newestFirst: [[Span]] = []
        for entry in try HistoryRecord.filter(Column("document_id") == documentID).order(Column("id").desc).fetchAll(db) {
            if let (_, written) = SpanRewind.reimport(entry) {
                newestFirst.append(written.spans.filter { !$0.deleted }.map(\.span).sorted(by: Span.documentOrder))
            }
            try rewind.undo(entry, in: db)
        }
        newestFirst.append(rewind.version(nil).map(\.span))
        return newestFirst.reversed()
    }
}
