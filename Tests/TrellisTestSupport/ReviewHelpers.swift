import TrellisCore
import TrellisModel
import TrellisStore

/// Reviewing in tests without the screen.
public enum ReviewHelpers {
    /// An in-memory database with `lines` imported, every document assigned to `reviewers` to
    /// review independently (assigned by "lead"); its clock is `clock` when given.
    public static func teamDatabase(_ lines: [String], reviewers: [String] = ["ada", "bo"], clock: TestClock? = nil) throws -> AppDatabase {
        let database = try clock.map { try AppDatabase.inMemory(clock: $0.now) } ?? AppDatabase.inMemory()
        _ = try ImportHelpers.importLines(lines, into: database, in: try TemporaryDirectory())
        _ = try database.assign(AssignmentPlan(reviewers: reviewers, perDocument: reviewers.count, overlap: 1), by: "lead")
        return database
    }

    /// Rates every dimension of each span's mode with `value` and records `decision`, as `reviewer`.
    @discardableResult
    public static func judgeAll(_ externalID: String, in database: AppDatabase, by reviewer: String, decision: Decision = .approved,
                                value: Int = 4, only labels: Set<String>? = nil) throws -> StoredDocument {
        var document = try database.document(externalID: externalID)!
        for span in document.spans where labels?.contains(span.label) ?? true {
            for dimension in Fixtures.defaultRubric.dimensions(for: span.label) {
                document = try database.rate(span: span.id, in: document.record.id, dimension: dimension.name, value: value, by: reviewer, schema: Fixtures.defaultSchema)
            }
            document = try database.decide(span: span.id, in: document.record.id, decision: decision, by: reviewer, schema: Fixtures.defaultSchema)
        }
        return document
    }

    /// Records `reviewer`'s decision on the whole document (bound to it as it is now).
    @discardableResult
    public static func decideDocument(_ externalID: String, in database: AppDatabase, by reviewer: String, decision: Decision? = .approved) throws -> StoredDocument {
        let document = try database.document(externalID: externalID)!
        return try database.decide(document: document.record.id, decision: decision, by: reviewer, schema: Fixtures.defaultSchema)
    }

    /// Applies a span edit to the version of the document `reviewer` works on, as they see it now.
    @discardableResult
    public static func edit(_ externalID: String, _ edit: SpanEdit, in database: AppDatabase, by reviewer: String) throws -> StoredDocument {
        let id = try database.document(externalID: externalID)!.record.id
        let document = try database.workingDocument(id: id, for: reviewer)!
        let result = try SpanEditor(schema: Fixtures.defaultSchema, annotated: document.annotated).apply(edit).get()
        return try database.applyEdit(result, named: edit.name, to: document, by: reviewer, schema: Fixtures.defaultSchema)
    }

    /// Rates every dimension and records `decision` on every span (of `labels`) of the version
    /// `document` shows.
    public static func judgeWorking(_ document: StoredDocument, in database: AppDatabase, by reviewer: String, value: Int = 4,
                                    decision: Decision = .approved, only labels: Set<String>? = nil) throws {
        for span in document.spans where labels?.contains(span.label) ?? true {
            for dimension in Fixtures.defaultRubric.dimensions(for: span.label) {
                _ = try database.rate(span: span.id, in: document.record.id, dimension: dimension.name, value: value, by: reviewer, schema: Fixtures.defaultSchema)
            }
            _ = try database.decide(span: span.id, in: document.record.id, decision: decision, by: reviewer, schema: Fixtures.defaultSchema)
        }
    }
}
