import GRDB

/// One row of the document list.
public struct DocumentSummary: Hashable, Sendable, FetchableRecord {
    public var id: Int64
    public var externalId: String
    public var stage: Int?
    public var status: DocumentStatus
    public var spanCount: Int
    public var problemCount: Int
    /// The first characters of the text.
    public var preview: String

    /// Code points of the text in `preview`.
    static let previewLength = 200

    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        externalId = try row.decode(forColumn: "external_id")
        stage = try row.decode(forColumn: "stage")
        status = try row.decode(forColumn: "status")
        spanCount = try row.decode(forColumn: "span_count")
        problemCount = try row.decode(forColumn: "problem_count")
        // The first bytes of the text (SQLite's `substr` on text stops at a NUL): 800 bytes hold
        // the first 200 code points whole, whatever they are.
        preview = String(String.UnicodeScalarView((try row.exactText("preview") ?? "").unicodeScalars.prefix(Self.previewLength)))
    }
}

/// Which documents the list shows.
public struct DocumentFilter: Hashable, Sendable {
    public var status: DocumentStatus?
    public var stage: Int?
    public var onlyWithProblems: Bool
    /// Matches ids starting with it, or texts containing it.
    public var search: String?
    /// Documents with a live span of this mode.
    public var mode: String?
    /// Documents this reviewer has changed, rated or decided anything in.
    public var reviewer: String?
    /// Documents with a span rated in this range on this dimension (by anyone).
    public var rating: RatingRange?
    /// Documents assigned to this reviewer that they have not decided yet (their queue).
    public var queueOf: String?

    public init(status: DocumentStatus? = nil, stage: Int? = nil, onlyWithProblems: Bool = false, search: String? = nil,
                mode: String? = nil, reviewer: String? = nil, rating: RatingRange? = nil, queueOf: String? = nil) {
        self.status = status
        self.stage = stage
        self.onlyWithProblems = onlyWithProblems
        self.search = search
        self.mode = mode
        self.reviewer = reviewer
        self.rating = rating
        self.queueOf = queueOf
    }

    public static let all = DocumentFilter()

    /// A short description for the status line ("all", "stage 2, with problems", …).
    public var summary: String {
        var parts: [String] = []
        if let status { parts.append(status.rawValue) }
        if let stage { parts.append("stage \(stage)") }
        if onlyWithProblems { parts.append("with problems") }
        if let mode { parts.append("mode \(mode)") }
        if let reviewer { parts.append("by \(reviewer)") }
        if let queueOf { parts.append("queue of \(queueOf)") }
        if let rating { parts.append("\(rating.dimension) \(rating.values.lowerBound)–\(rating.values.upperBound)") }
        if let search, !search.isEmpty { parts.append("“\(search)”") }
        return parts.isEmpty ? "all" : parts.joined(separator: ", ")
    }
}

/// A rating condition of a filter: `dimension` rated within `values`.
public struct RatingRange: Hashable, Sendable {
    public var dimension: String
    public var values: ClosedRange<Int>

    public init(dimension: String, values: ClosedRange<Int>) {
        self.dimension = dimension
        self.values = values
    }
}

extension AppDatabase {
    /// Up to `limit` documents matching `filter`, in id order, strictly after (or, going
    /// backward, strictly before) the document `anchor`: keyset pagination, so a page costs the
    /// same at the millionth document as at the first.
    public func documentPage(filter: DocumentFilter, after anchor: Int64? = nil, before: Int64? = nil, limit: Int) throws -> [DocumentSummary] {
        try writer.read { db in
            var (conditions, arguments) = Self.conditions(for: filter)
            if let anchor {
                conditions.append("id > ?")
                arguments += [anchor]
            }
            if let before {
                conditions.append("id < ?")
                arguments += [before]
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let order = before != nil ? "DESC" : "ASC"
            let rows = try DocumentSummary.fetchAll(db, sql: """
                SELECT id, external_id, stage, status, span_count, problem_count, substr(CAST(text AS BLOB), 1, \(4 * DocumentSummary.previewLength)) AS preview
                FROM document \(whereClause) ORDER BY id \(order) LIMIT ?
                """, arguments: arguments + [limit])
            return before != nil ? rows.reversed() : rows
        }
    }

    /// The number of documents matching `filter`.
    public func documentCount(filter: DocumentFilter) throws -> Int {
        try writer.read { db in
            let (conditions, arguments) = Self.conditions(for: filter)
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document \(whereClause)", arguments: arguments) ?? 0
        }
    }

    /// SQL conditions (joined with AND) and their arguments for a filter.
    private static func conditions(for filter: DocumentFilter) -> ([String], StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let status = filter.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let stage = filter.stage {
            conditions.append("stage = ?")
            arguments += [stage]
        }
        if filter.onlyWithProblems { conditions.append("problem_count > 0") }
        if let search = filter.search, !search.isEmpty {
            conditions.append("(external_id LIKE ? ESCAPE '\\' OR trellis_contains(text, ?))")
            arguments += [likePattern(prefix: search), search]
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
        if let rating = filter.rating {
            conditions.append("""
                EXISTS (SELECT 1 FROM span s JOIN rating r ON r.span_id = s.id
                        WHERE s.document_id = document.id AND s.deleted = 0 AND r.dimension = ? AND r.value BETWEEN ? AND ?)
                """)
            arguments += [rating.dimension, rating.values.lowerBound, rating.values.upperBound]
        }
        return (conditions, arguments)
    }

    private static func likePattern(prefix: String) -> String {
        prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
