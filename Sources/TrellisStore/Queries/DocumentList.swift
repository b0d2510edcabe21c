import GRDB
import TrellisModel

extension AppDatabase {
    /// Up to `limit` documents matching `filter`, in id order, strictly after (or, going
    /// backward, strictly before) the document `anchor`: keyset pagination, so a page costs the
    /// same at the millionth document as at the first. Words, modes and ratings are looked up in
    /// the search index first (`FilterCandidates`), so a page reads only the blocks of documents
    /// that may match. With `viewer`, a document they review blind (independently, not yet
    /// adjudicated) shows, and is filtered by, their own version's status, spans and problems,
    /// never the shared ones.
    public func documentPage(filter: DocumentFilter, after anchor: Int64? = nil, before: Int64? = nil, limit: Int, viewer: String? = nil) throws -> [DocumentSummary] {
        try read { db in
            let query = try ListQuery(filter: filter, viewer: viewer, in: db)
            let descending = before != nil
            let low = (anchor ?? 0) + 1, high = (before ?? Int64.max) - 1
            guard low <= high else { return [] }
            let candidates = try FilterCandidates(filter, in: db)
            var rows: [DocumentSummary] = []
            if candidates.isEmpty {
                rows = try query.rows(in: low...high, descending: descending, limit: limit, db: db)
            } else {
                let last = min(high, try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM document") ?? 0)
                try candidates.forEachRange(from: low, through: last, descending: descending, in: db) { range in
                    rows += try query.rows(in: range, descending: descending, limit: limit - rows.count, db: db)
                    return rows.count < limit
                }
            }
            // Read backwards from `before`, shown in id order.
            return descending ? rows.reversed() : rows
        }
    }

    /// Counts `filter`'s documents (as `viewer` sees them) from the document id `start` on, a
    /// step at a time so that a screen never waits for a count: each step reads about `budget`
    /// documents (those the search index leaves, for words, modes and ratings) and says where
    /// the next one starts. Counts by stage, status and problems alone come whole from the
    /// running totals.
    public func countDocuments(filter: DocumentFilter, viewer: String? = nil, from start: Int64 = 0, budget: Int = 4096) throws -> DocumentCountProgress {
        try read { db in
            let query = try ListQuery(filter: filter, viewer: viewer, in: db)
            if start == 0, let total = try query.totalFromRunningTotals(db) { return DocumentCountProgress(matched: total, next: nil) }
            let last = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM document") ?? 0
            let candidates = try FilterCandidates(filter, in: db)
            guard !candidates.isEmpty else {
                let end = start + Int64(budget) - 1
                return DocumentCountProgress(matched: try query.count(in: start...end, db: db), next: end < last ? end + 1 : nil)
            }
            var matched = 0, read = 0
            var next: Int64?
            try candidates.forEachRange(from: start, through: last, descending: false, in: db) { range in
                let room = Int64(budget - read)
                guard room > 0 else {
                    next = range.lowerBound
                    return false
                }
                let part = range.lowerBound...min(range.upperBound, range.lowerBound + room - 1)
                matched += try query.count(in: part, db: db)
                read += part.count
                guard part.upperBound == range.upperBound else {
                    next = part.upperBound + 1
                    return false
                }
                return true
            }
            return DocumentCountProgress(matched: matched, next: next)
        }
    }

    /// The number of documents matching `filter` (as `viewer` sees them) when the running totals
    /// hold it (a filter by stage, status and problems only), else `nil`: then it must be counted.
    public func knownDocumentCount(filter: DocumentFilter, viewer: String? = nil) throws -> Int? {
        try read { db in try ListQuery(filter: filter, viewer: viewer, in: db).totalFromRunningTotals(db) }
    }

    /// The number of documents matching `filter` (as `viewer` sees them), counted whole.
    public func documentCount(filter: DocumentFilter, viewer: String? = nil) throws -> Int {
        var total = 0
        var next: Int64? = 0
        while let start = next {
            let step = try countDocuments(filter: filter, viewer: viewer, from: start, budget: 1 << 20)
            total += step.matched
            next = step.next
        }
        return total
    }

    /// A filter's query as `viewer` sees the list: rows and counts within a range of ids.
    private struct ListQuery {
        let filter: DocumentFilter
        let view: ListView
        let conditions: [String]
        let arguments: StatementArguments

        init(filter: DocumentFilter, viewer: String?, in db: Database) throws {
            self.filter = filter
            view = try ListView(viewer: viewer, in: db)
            (conditions, arguments) = AppDatabase.conditions(for: filter, view: view)
        }

        func rows(in range: ClosedRange<Int64>, descending: Bool, limit: Int, db: Database) throws -> [DocumentSummary] {
            guard limit > 0 else { return [] }
            return try DocumentSummary.fetchAll(db, sql: """
                SELECT document.id, external_id, stage, \(view.status) AS status, \(view.spanCount) AS span_count,
                       \(view.problemCount) AS problem_count, substr(CAST(\(AppDatabase.textStartSQL()) AS BLOB), 1, \(4 * DocumentSummary.previewLength)) AS preview
                FROM document \(view.join) WHERE \((conditions + ["document.id BETWEEN ? AND ?"]).joined(separator: " AND "))
                ORDER BY document.id \(descending ? "DESC" : "ASC") LIMIT ?
                """, arguments: view.arguments + arguments + [range.lowerBound, range.upperBound, limit])
        }

        func count(in range: ClosedRange<Int64>, db: Database) throws -> Int {
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM document \(view.join) WHERE \((conditions + ["document.id BETWEEN ? AND ?"]).joined(separator: " AND "))
                """, arguments: view.arguments + arguments + [range.lowerBound, range.upperBound]) ?? 0
        }

        /// The count, when the running totals hold it: a filter by stage, status and problems
        /// only, as the shared version has them (or with no status or problems to see differently).
        func totalFromRunningTotals(_ db: Database) throws -> Int? {
            // Only these three conditions (whatever conditions a filter gains later).
            var kept = DocumentFilter(status: filter.status, stage: filter.stage, onlyWithProblems: filter.onlyWithProblems)
            if filter.search?.isEmpty == true { kept.search = filter.search }  // an empty search is none
            guard filter == kept,
                  view.reviewerID == nil || (filter.status == nil && !filter.onlyWithProblems) else { return nil }
            let (conditions, arguments) = AppDatabase.documentConditions(for: filter, status: "status", withProblems: "with_problems")
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(documents), 0) FROM document_total \(whereClause)", arguments: arguments) ?? 0
        }
    }

    /// How many documents match `filter`, how many of them `viewer` decided, their live spans (in
    /// the versions `viewer` sees) and how many of those `viewer` decided: one pass over the
    /// filter, as `documentCount` makes.
    public func progress(filter: DocumentFilter, viewer: String) throws -> ReviewProgress {
        try read { db in
            let view = try ListView(viewer: viewer, in: db)
            let (conditions, arguments) = Self.conditions(for: filter, view: view)
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let reviewerID = try Int64.fetchOne(db, sql: "SELECT id FROM reviewer WHERE name = ?", arguments: [viewer])
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*),
                       COALESCE(SUM(EXISTS (SELECT 1 FROM document_review r WHERE r.document_id = document.id AND r.reviewer_id = ?
                                            AND r.decision IS NOT NULL)), 0),
                       COALESCE(SUM(\(view.spanCount)), 0),
                       COALESCE(SUM((SELECT COUNT(*) FROM span_review r JOIN span s ON s.id = r.span_id
                                     WHERE s.document_id = document.id AND s.deleted = 0 AND r.reviewer_id = ? AND r.decision IS NOT NULL)), 0)
                FROM document \(view.join) \(whereClause)
                """, arguments: [reviewerID, reviewerID] + view.arguments + arguments)
            return ReviewProgress(documents: row?[0] ?? 0, documentsDecided: row?[1] ?? 0, spans: row?[2] ?? 0, spansDecided: row?[3] ?? 0)
        }
    }

    /// The list's status and counts as SQL: the shared columns, or, for a viewer with documents
    /// to review blind, their own version's where they have one (joined from their assignment).
    /// Reviewers with nothing to review blind keep the plain, indexed query.
    private struct ListView {
        /// The viewer, when they have documents to review blind.
        var reviewerID: Int64?
        var join = ""
        var arguments: StatementArguments = []
        var status = "status"
        var spanCount = "span_count"
        var problemCount = "problem_count"

        init(viewer: String?, in db: Database) throws {
            guard let viewer, let reviewerID = try Int64.fetchOne(db, sql: """
                SELECT v.id FROM reviewer v WHERE v.name = ? AND EXISTS (
                    SELECT 1 FROM assignment a WHERE a.reviewer_id = v.id AND a.independent = 1
                    AND NOT EXISTS (SELECT 1 FROM adjudication j WHERE j.document_id = a.document_id))
                """, arguments: [viewer]) else { return }
            join = """
                LEFT JOIN assignment own ON own.document_id = document.id AND own.reviewer_id = ? AND own.independent = 1
                    AND NOT EXISTS (SELECT 1 FROM adjudication j WHERE j.document_id = document.id)
                """
            self.reviewerID = reviewerID
            arguments = [reviewerID]
            status = "CASE WHEN own.document_id IS NULL THEN document.status ELSE COALESCE(own.version_status, 'unreviewed') END"
            spanCount = "COALESCE(own.version_span_count, document.span_count)"
            problemCount = "COALESCE(own.version_problem_count, document.problem_count)"
        }
    }

    /// The filter's conditions on status, stage and problems, given the SQL of the status and of
    /// "has problems" (the list's columns, or the running totals').
    private static func documentConditions(for filter: DocumentFilter, status: String, withProblems: String) -> ([String], StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let value = filter.status {
            conditions.append("\(status) = ?")
            arguments += [value.rawValue]
        }
        if let stage = filter.stage {
            conditions.append("stage = ?")
            arguments += [stage]
        }
        if filter.onlyWithProblems { conditions.append(withProblems) }
        return (conditions, arguments)
    }

    /// SQL conditions (joined with AND) and their arguments for a filter.
    private static func conditions(for filter: DocumentFilter, view: ListView) -> ([String], StatementArguments) {
        var (conditions, arguments) = documentConditions(for: filter, status: view.status, withProblems: "\(view.problemCount) > 0")
        if let search = filter.search, !search.isEmpty {
            conditions.append("(external_id LIKE ? ESCAPE '\\' OR trellis_contains(\(AppDatabase.textSQL()), ?))")
            arguments += [likePattern(containing: search), search]
        }
        if let mode = filter.mode {
            conditions.append("EXISTS (SELECT 1 FROM span s WHERE s.document_id = document.id AND s.owner_id IS NULL AND s.deleted = 0 AND s.label = ?)")
            arguments += [mode]
        }
        if let reviewer = filter.reviewer {
            conditions.append("""
                EXISTS (SELECT 1 FROM history h JOIN reviewer v ON v.id = h.reviewer_id
                        WHERE h.document_id = document.id AND v.name = ? AND h.action <> 'reimport')
                """)
            arguments += [reviewer]
        }
        if let queueOf = filter.queueOf {
            conditions.append("""
                EXISTS (SELECT 1 FROM assignment a JOIN reviewer v ON v.id = a.reviewer_id WHERE a.document_id = document.id AND v.name = ?)
                AND NOT EXISTS (SELECT 1 FROM document_review r JOIN reviewer v ON v.id = r.reviewer_id
                                WHERE r.document_id = document.id AND v.name = ? AND r.decision IS NOT NULL)
                """)
            arguments += [queueOf, queueOf]
        }
        if let undecidedBy = filter.undecidedBy {
            // Spans of the reviewer's own version where they have one (until adjudicated), else the shared one's.
            conditions.append("""
                EXISTS (SELECT 1 FROM span s WHERE s.document_id = document.id AND s.deleted = 0
                        AND s.owner_id IS (SELECT v.id FROM reviewer v WHERE v.name = ?
                                           AND NOT EXISTS (SELECT 1 FROM adjudication j WHERE j.document_id = document.id)
                                           AND EXISTS (SELECT 1 FROM span o WHERE o.document_id = document.id AND o.owner_id = v.id))
                        AND NOT EXISTS (SELECT 1 FROM span_review r JOIN reviewer v ON v.id = r.reviewer_id
                                        WHERE r.span_id = s.id AND v.name = ? AND r.decision IS NOT NULL))
                """)
            arguments += [undecidedBy, undecidedBy]
        }
        if let rating = filter.rating {
            // A blind viewer's search must not find what others rated in their own versions.
            let visible = view.reviewerID == nil ? "" : " AND (s.owner_id IS NULL OR s.owner_id = ?)"
            conditions.append("""
                EXISTS (SELECT 1 FROM span s JOIN rating r ON r.span_id = s.id
                        WHERE s.document_id = document.id AND s.deleted = 0 AND r.dimension = ? AND r.value BETWEEN ? AND ?\(visible))
                """)
            arguments += [rating.dimension, rating.values.lowerBound, rating.values.upperBound]
            if let reviewerID = view.reviewerID { arguments += [reviewerID] }
        }
        return (conditions, arguments)
    }

    /// A LIKE pattern matching ids that contain `text` anywhere (ASCII letters in any case).
    private static func likePattern(containing text: String) -> String {
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
