import TrellisCore
import TrellisModel

/// The review screen's store (``ReviewStore``) on a Trellis SQLite database: each call is one
/// `AppDatabase` method, that is one transaction, and every error comes out as a
/// ``ReviewStoreError`` (a damaged file as `.damaged`, with the way to recover it).
public final class SQLiteReviewStore: ReviewStore {
    public let database: AppDatabase
    /// The schema problems are counted against, after every change.
    public let schema: TagSchema

    public init(database: AppDatabase, schema: TagSchema) {
        self.database = database
        self.schema = schema
    }

    public var displayName: String { database.path.flatMap { $0.split(separator: "/").last.map(String.init) } ?? "database" }
    public var isReadOnly: Bool { database.isReadOnly }
    public var waits: BusySignal { database.busySignal }

    /// Runs one call, translating its errors.
    private func call<T>(_ body: () throws -> T) throws(ReviewStoreError) -> T {
        do {
            return try body()
        } catch {
            throw ReviewStoreError(error, path: database.path)
        }
    }

    public func beginSession() throws(ReviewStoreError) { try call { try database.deferCheckpoints() } }
    public func idle() throws(ReviewStoreError) { try call { try database.checkpoint() } }
    public func changeToken() throws(ReviewStoreError) -> ChangeToken { try call { try database.changeToken() } }

    public func hasQueue(for reviewer: String) throws(ReviewStoreError) -> Bool { try call { try database.hasQueue(for: reviewer) } }

    public func lastPosition(of reviewer: String) throws(ReviewStoreError) -> ReviewerPosition? {
        try call { try database.lastPosition(of: reviewer) }
    }

    public func savePosition(_ position: ReviewerPosition, of reviewer: String) throws(ReviewStoreError) {
        try call { try database.savePosition(position, of: reviewer) }
    }

    public func documentPage(filter: DocumentFilter, after: Int64?, before: Int64?, limit: Int, viewer: String) throws(ReviewStoreError) -> [DocumentSummary] {
        try call { try database.documentPage(filter: filter, after: after, before: before, limit: limit, viewer: viewer) }
    }

    public func documentCount(filter: DocumentFilter, viewer: String) throws(ReviewStoreError) -> Int {
        try call { try database.documentCount(filter: filter, viewer: viewer) }
    }

    public func knownDocumentCount(filter: DocumentFilter, viewer: String) throws(ReviewStoreError) -> Int? {
        try call { try database.knownDocumentCount(filter: filter, viewer: viewer) }
    }

    public func countDocuments(filter: DocumentFilter, viewer: String, from: Int64, budget: Int) throws(ReviewStoreError) -> DocumentCountProgress {
        try call { try database.countDocuments(filter: filter, viewer: viewer, from: from, budget: budget) }
    }

    public func progress(filter: DocumentFilter, viewer: String) throws(ReviewStoreError) -> ReviewProgress {
        try call { try database.progress(filter: filter, viewer: viewer) }
    }

    public func nextStage(after stage: Int?) throws(ReviewStoreError) -> Int? { try call { try database.nextStage(after: stage) } }

    public func workingDocument(id: Int64, for reviewer: String, near: Int?) throws(ReviewStoreError) -> StoredDocument? {
        try call { try database.workingDocument(id: id, for: reviewer, near: near) }
    }

    public func findText(_ query: String, in documentID: Int64, within range: Range<Int>, forward: Bool, budget: Int) throws(ReviewStoreError) -> TextFindStep {
        try call { try database.findText(query, in: documentID, within: range, forward: forward, budget: budget) }
    }

    public func undoStacks(in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> UndoStacks {
        try call { try database.undoStacks(in: documentID, by: reviewer) }
    }

    public func history(of documentID: Int64, viewer: String) throws(ReviewStoreError) -> [HistoryItem] {
        try call { try database.history(of: documentID, viewer: viewer) }
    }

    public func originalSpans(of documentID: Int64) throws(ReviewStoreError) -> [Span] {
        try call { try database.originalSpans(of: documentID) }
    }

    public func versionsToAdjudicate(of documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> [ReviewedVersion] {
        try call { try database.versionsToAdjudicate(of: documentID, by: reviewer) }
    }

    public func applyEdit(_ result: SpanEditResult, named action: String, to seen: StoredDocument, by reviewer: String) throws(ReviewStoreError) -> StoredDocument {
        try call { try database.applyEdit(result, named: action, to: seen, by: reviewer, schema: schema) }
    }

    public func undo(in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> Replay? {
        try call { try database.undo(in: documentID, by: reviewer, schema: schema) }
    }

    public func redo(in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> Replay? {
        try call { try database.redo(in: documentID, by: reviewer, schema: schema) }
    }

    public func review(_ change: ReviewChange, in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> StoredDocument {
        try call { try database.review(change, in: documentID, by: reviewer, schema: schema) }
    }

    public func revert(document documentID: Int64, toEntry entry: Int64, by reviewer: String) throws(ReviewStoreError) -> StoredDocument {
        try call { try database.revert(document: documentID, toEntry: entry, by: reviewer, schema: schema) }
    }

    public func adjudicate(document documentID: Int64, version: AdjudicatedVersion, by reviewer: String) throws(ReviewStoreError) -> StoredDocument {
        try call { try database.adjudicate(document: documentID, version: version, by: reviewer, schema: schema) }
    }
}
