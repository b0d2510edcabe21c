import GRDB
import TrellisCore
import TrellisModel

extension AppDatabase {
    /// A version of a document (`owner == nil`: the shared one) as the review screen reads it:
    /// whole when it has at most ``DocumentWindow/wholeLimit`` live spans, else its window near
    /// the document offset `near` (`nil`: the start), read through `span_by_document` and the
    /// text's pieces in time and memory bounded by the window.
    static func document(id: Int64, owner: Int64?, near: Int?, in db: Database) throws -> StoredDocument? {
        guard let count = try keptSpanCount(of: id, owner: owner, in: db) else { return nil }
        guard count > DocumentWindow.wholeLimit else { return try document(id: id, owner: owner, in: db) }
        return try window(of: id, owner: owner, near: near ?? 0, spanCount: count, in: db)
    }

    /// A version's live spans as kept: the document's count for the shared version, the
    /// version's summary for an independent one; `nil` when there is no such document.
    static func keptSpanCount(of documentID: Int64, owner: Int64?, in db: Database) throws -> Int? {
        guard let shared = try Int.fetchOne(db.cachedStatement(sql: "SELECT span_count FROM document WHERE id = ?"), arguments: [documentID]) else { return nil }
        guard let owner else { return shared }
        return try versionSummary(of: documentID, owner: owner, in: db).spans ?? shared
    }

    /// Whether a version holds more spans than the screen reads at once.
    static func isWindowed(_ documentID: Int64, owner: Int64?, in db: Database) throws -> Bool {
        try keptSpanCount(of: documentID, owner: owner, in: db).map { $0 > DocumentWindow.wholeLimit } ?? false
    }

    /// The document row's columns without its text and source (13 MB each for a million spans),
    /// for a window's record. (A long text lives in its pieces, ``textSQL(of:)``; the source, or a
    /// text the pieces cannot hold, may still fill overflow pages a later column is read past.)
    static let textlessColumns = """
        id, external_id, '' AS text, length, NULL AS source, stage, meta, content_hash, import_run_id, import_line, status,
        span_count, problem_count, revision, imported_at, updated_at
        """

    /// The window near `offset` of a version of `spanCount` spans; `row`, when the caller has just
    /// read or written the document's row (``textlessColumns``), spares reading it again, and
    /// `seen`, the text of a window the caller holds, reading the text when the window is the same
    /// (an edit changes spans, never the text).
    static func window(of id: Int64, owner: Int64?, near offset: Int, spanCount: Int, row: DocumentRecord? = nil,
                       seen: (range: Range<Int>, text: String)? = nil, in db: Database) throws -> StoredDocument? {
        guard var record = try row ?? DocumentRecord.fetchOne(db.cachedStatement(sql: "SELECT \(textlessColumns) FROM document WHERE id = ?"), arguments: [id])
        else { return nil }
        let range = try windowText(of: id, owner: owner, near: offset, length: record.length, in: db)
        record.text = try seen.flatMap { $0.range == range ? $0.text : nil } ?? text(of: id, in: range, length: record.length, in: db)
        let spans = try liveSpans(of: id, owner: owner, startingIn: range, length: record.length, in: db).map { $0.shifted(by: -range.lowerBound) }
        var reviews = try reviews(of: id, owner: owner, startingIn: range, length: record.length, in: db)
        if let owner { try blind(&record, reviews: &reviews, owner: owner, spanCount: spanCount, in: db) }
        // The whole version's state only when a decision on the document is shown against it
        // (kept for a version decided on, since the decision was made).
        let decided = reviews.notes.contains { $0.spanId == nil && $0.seen != nil }
        return StoredDocument(record: record, owner: owner, spans: spans, ratings: reviews.ratings, notes: reviews.notes,
                              window: DocumentWindow(text: range, spanCount: spanCount, length: record.length),
                              documentState: decided ? try documentState(of: id, owner: owner, keep: false, in: db) : nil)
    }

    /// ``DocumentWindow/text(tops:near:length:reach:)`` in SQL: a few probes of `span_by_document`
    /// (its `depth` column skips nested spans without reading the table).
    static func windowText(of id: Int64, owner: Int64?, near offset: Int, length: Int, in db: Database) throws -> Range<Int> {
        let version = "document_id = ? AND owner_id IS ? AND deleted = 0 AND depth = 0"
        let anchor = try Int.fetchOne(db.cachedStatement(sql: "SELECT start FROM span WHERE \(version) AND start <= ? ORDER BY start DESC LIMIT 1"),
                                      arguments: [id, owner, offset])
            ?? Int.fetchOne(db.cachedStatement(sql: "SELECT start FROM span WHERE \(version) ORDER BY start LIMIT 1"), arguments: [id, owner])
        guard let anchor else { return 0..<length }
        let lower = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT "end" FROM span WHERE \(version) AND start < ? ORDER BY start DESC, "end" ASC, depth DESC LIMIT 1 OFFSET ?
            """), arguments: [id, owner, anchor, DocumentWindow.reach]) ?? 0
        let upper = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT start FROM span WHERE \(version) AND start > ? ORDER BY start, "end" DESC, depth LIMIT 1 OFFSET ?
            """), arguments: [id, owner, anchor, DocumentWindow.reach]) ?? length
        return min(lower, upper)..<upper
    }

    /// The live spans of a version that start in `range` (and, when it reaches the end, after it).
    static func liveSpans(of id: Int64, owner: Int64?, startingIn range: Range<Int>, length: Int, in db: Database) throws -> [SpanRecord] {
        let bounded = range.upperBound < length
        return try SpanRecord.fetchAll(byIndex: db.cachedStatement(sql: """
            SELECT \(SpanRecord.columns) FROM span WHERE document_id = ? AND owner_id IS ? AND deleted = 0 AND start >= ?\(bounded ? " AND start < ?" : "")
            ORDER BY start, "end" DESC, depth
            """), arguments: [id, owner, range.lowerBound] + (bounded ? [range.upperBound] : []))
    }

    /// The judgements of the spans of a version that start in `range`, and the document's own.
    private static func reviews(of id: Int64, owner: Int64?, startingIn range: Range<Int>, length: Int, in db: Database) throws
        -> (ratings: [SpanRating], notes: [ReviewNote]) {
        let spans = "s.document_id = ? AND s.owner_id IS ? AND s.deleted = 0 AND s.start >= ?\(range.upperBound < length ? " AND s.start < ?" : "")"
        var arguments: StatementArguments = [id, owner, range.lowerBound]
        if range.upperBound < length { arguments += [range.upperBound] }
        let ratings = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.span_id, v.name, r.dimension, r.value, r.seen FROM span s
            JOIN rating r ON r.span_id = s.id JOIN reviewer v ON v.id = r.reviewer_id
            WHERE \(spans) ORDER BY r.span_id, v.name, r.dimension
            """), arguments: arguments).map { row in
                SpanRating(spanId: try row.decode(atIndex: 0), reviewer: try row.decode(atIndex: 1), dimension: try row.decode(atIndex: 2),
                           value: try row.decode(atIndex: 3), seen: try row.decode(atIndex: 4))
            }
        let spanNotes = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.span_id, v.name, r.decision, r.note, r.updated_at, r.seen FROM span s
            JOIN span_review r ON r.span_id = s.id JOIN reviewer v ON v.id = r.reviewer_id
            WHERE \(spans) ORDER BY r.span_id, v.name
            """), arguments: arguments).map { row in
                ReviewNote(spanId: try row.decode(atIndex: 0), reviewer: try row.decode(atIndex: 1), decision: (try row.decode(atIndex: 2) as String?).flatMap(Decision.init(rawValue:)),
                           note: try row.decode(atIndex: 3), at: try row.decode(atIndex: 4), seen: try row.decode(atIndex: 5))
            }
        return (ratings, spanNotes + (try documentNotes(of: id, in: db)))
    }

    /// The text of a document in `range` (code points): from its pieces when it has them,
    /// else (a text of at most one piece, or pieces that do not add up, as SQLite's `substr`
    /// stops at a NUL) from the whole text. A piece is counted and cut in its UTF-8 bytes as
    /// SQLite holds them (``UTF8CodePoints``): decoding two pieces of 262 144 code points into
    /// scalars was most of an edit's time on a million-span document.
    static func text(of id: Int64, in range: Range<Int>, length: Int, in db: Database) throws -> String {
        if length > textChunkLength, let bytes = try textFromPieces(of: id, in: range, length: length, in: db) {
            return String(decoding: bytes, as: UTF8.self)
        }
        // Read from the statement (a copied row is cut at the first NUL).
        let whole = try Row.fetchCursor(db.cachedStatement(sql: "SELECT \(textSQL()) FROM document WHERE id = ?"), arguments: [id])
        guard let row = try whole.next() else { return "" }
        return try row.withUnsafeData(atIndex: 0) { data in
            data?.withUnsafeBytes { raw in String(decoding: raw[UTF8CodePoints.scan(raw, range: range).bytes], as: UTF8.self) } ?? ""
        }
    }

    /// The UTF-8 of `range` from the text's pieces, or `nil` when they do not hold it whole.
    private static func textFromPieces(of id: Int64, in range: Range<Int>, length: Int, in db: Database) throws -> [UInt8]? {
        let chunk = textChunkLength
        var bytes: [UInt8] = []
        var first: Int?, next: Int?
        let pieces = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT start, text FROM document_text_chunk WHERE document_id = ? AND start > ? AND start < ? ORDER BY start
            """), arguments: [id, range.lowerBound - chunk, range.upperBound])
        while let row = try pieces.next() {
            let start = try row.decode(Int.self, atIndex: 0)
            guard next == nil || next == start else { return nil }
            let whole = try row.withUnsafeData(atIndex: 1) { data in
                data?.withUnsafeBytes { raw in
                    let scan = UTF8CodePoints.scan(raw, range: (range.lowerBound - start)..<(range.upperBound - start))
                    guard scan.count == min(chunk, length - start) else { return false }
                    bytes.append(contentsOf: raw[scan.bytes])
                    return true
                } ?? false
            }
            guard whole else { return nil }
            first = first ?? start
            next = start + min(chunk, length - start)
        }
        guard let first, let next, first <= range.lowerBound, next >= range.upperBound else { return nil }
        return bytes
    }
}
