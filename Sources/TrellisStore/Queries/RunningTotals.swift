import Foundation
import GRDB
import TrellisCore

/// The running totals `trellis stats` reads (migration `v10-running-totals`): triggers keep them
/// through every change; import adds what it inserts (`Additions`). Each table's rows are what a
/// `GROUP BY` over the tables would give, which `recount` writes from scratch and tests compare.
enum RunningTotals {
    /// Each table with the query that counts its rows from scratch (same columns, same order).
    static let tables: [(name: String, columns: String, recount: String)] = [
        ("document_total", "stage, status, with_problems, documents, spans",
         "SELECT stage, status, problem_count > 0, COUNT(*), SUM(span_count) FROM document GROUP BY 1, 2, 3"),
        ("span_total", "label, spans",
         "SELECT label, COUNT(*) FROM span WHERE owner_id IS NULL AND deleted = 0 GROUP BY label"),
        ("review_total", "reviewer_id, decision, spans",
         "SELECT reviewer_id, decision, COUNT(*) FROM span_review WHERE decision IS NOT NULL GROUP BY 1, 2"),
        ("rated_total", "reviewer_id, spans",
         "SELECT reviewer_id, COUNT(*) FROM (SELECT DISTINCT span_id, reviewer_id FROM rating) GROUP BY reviewer_id"),
        ("stage_review_total", "stage, decision, spans", """
            SELECT d.stage, r.decision, COUNT(*) FROM span_review r JOIN span s ON s.id = r.span_id JOIN document d ON d.id = s.document_id
            WHERE s.deleted = 0 AND r.decision IS NOT NULL GROUP BY 1, 2
            """),
        ("activity_total", "day, reviewer_id, changes, reimports",
         "SELECT substr(at, 1, 10), IFNULL(reviewer_id, 0), SUM(action <> 'reimport'), SUM(action = 'reimport') FROM history GROUP BY 1, 2"),
    ]

    /// Writes every total from scratch.
    static func recount(in db: Database) throws {
        for table in tables {
            try db.execute(sql: "DELETE FROM \(table.name)")
            try db.execute(sql: "INSERT INTO \(table.name) (\(table.columns)) \(table.recount)")
        }
    }

    /// Each table's rows that differ from a count from scratch (rows of 0 left aside), as text:
    /// empty when every total is right.
    static func differences(in db: Database) throws -> [String] {
        var differences: [String] = []
        for table in tables {
            let columns = table.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let keys = columns.filter { !["documents", "spans", "changes", "reimports"].contains($0) }
            let counts = columns.filter { !keys.contains($0) }
            let kept = try rows(db, """
                SELECT \(keys.joined(separator: ", ")), \(counts.map { "SUM(\($0))" }.joined(separator: ", ")) FROM \(table.name)
                GROUP BY \(keys.joined(separator: ", ")) HAVING \(counts.map { "SUM(\($0)) <> 0" }.joined(separator: " OR "))
                """)
            let counted = try rows(db, table.recount)
            for row in kept.symmetricDifference(counted).sorted() {
                differences.append("\(table.name): \(kept.contains(row) ? "kept" : "counted") \(row)")
            }
        }
        return differences
    }

    /// `rating_total`'s rows that differ from a count from scratch, as `differences` gives them.
    static func ratingTotalDifferences(in db: Database) throws -> [String] {
        let kept = try rows(db, "SELECT dimension, label, count, total FROM rating_total WHERE count <> 0")
        let counted = try rows(db, """
            SELECT r.dimension, s.label, COUNT(*), SUM(r.value) FROM rating r JOIN span s ON s.id = r.span_id WHERE s.deleted = 0 GROUP BY 1, 2
            """)
        return kept.symmetricDifference(counted).sorted().map { "rating_total: \(kept.contains($0) ? "kept" : "counted") \($0)" }
    }

    private static func rows(_ db: Database, _ sql: String) throws -> Set<String> {
        Set(try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map(\.description).joined(separator: " | ") })
    }

    /// What import inserts, added to the totals at the end of each batch: new documents (all
    /// unreviewed) and the shared spans it writes, with the search tokens of their modes.
    struct Additions {
        private var documents: [DocumentKey: (documents: Int, spans: Int)] = [:]
        private var spans: [String: Int] = [:]
        private var modeBlocks = Set<SearchToken>()

        private struct DocumentKey: Hashable {
            var stage: Int?
            var withProblems: Bool
        }

        /// A new document.
        mutating func addDocument(stage: Int?, problemCount: Int, spanCount: Int) {
            documents[DocumentKey(stage: stage, withProblems: problemCount > 0), default: (0, 0)].documents += 1
            documents[DocumentKey(stage: stage, withProblems: problemCount > 0)]!.spans += spanCount
        }

        /// New live spans of the shared version of one document: counted by label in a short
        /// list first (a document has few labels), so that each label is hashed once per document.
        mutating func addSpans(_ added: [Span], documentID: Int64) {
            var labels: [(label: String, count: Int)] = []
            for span in added {
                if let index = labels.firstIndex(where: { $0.label == span.label }) {
                    labels[index].count += 1
                } else {
                    labels.append((span.label, 1))
                }
            }
            for (label, count) in labels {
                spans[label, default: 0] += count
                modeBlocks.insert(.mode(label, documentID: documentID))
            }
        }

        /// Adds them to the totals and forgets them (through statements kept prepared: an import
        /// writes a few dozen rows per batch).
        mutating func write(in db: Database) throws {
            for (key, added) in documents {
                try db.cachedStatement(sql: """
                    INSERT INTO document_total (stage, status, with_problems, documents, spans)
                    SELECT ?, 'unreviewed', ?, 0, 0 WHERE NOT EXISTS (
                        SELECT 1 FROM document_total WHERE stage IS ? AND status = 'unreviewed' AND with_problems = ?)
                    """).execute(arguments: [key.stage, key.withProblems, key.stage, key.withProblems])
                try db.cachedStatement(sql: """
                    UPDATE document_total SET documents = documents + ?, spans = spans + ?
                    WHERE stage IS ? AND status = 'unreviewed' AND with_problems = ?
                    """).execute(arguments: [added.documents, added.spans, key.stage, key.withProblems])
            }
            for (label, count) in spans {
                try db.cachedStatement(sql: "INSERT INTO span_total (label, spans) VALUES (?, ?) ON CONFLICT (label) DO UPDATE SET spans = spans + excluded.spans")
                    .execute(arguments: [label, count])
            }
            for token in modeBlocks { try token.write(in: db) }
            self = Additions()
        }
    }
}

extension AppDatabase {
    /// The running totals `trellis stats` reads (and `rating_total`) that differ from a count from
    /// scratch, as text: empty when every one is right. For checks after bulk writes.
    public func runningTotalDifferences() throws -> [String] {
        try read { db in try RunningTotals.differences(in: db) + RunningTotals.ratingTotalDifferences(in: db) }
    }
}
