import TrellisCore

/// Everything the review screen needs from where documents are kept, in its own terms: no SQL,
/// no database types. The SQLite store (`SQLiteReviewStore` in TrellisStore) implements it, and
/// so does the in-memory `FakeStore` the tests use; a server store (PostgreSQL) would too.
///
/// - Every call is one atomic unit of work: it happens whole or not at all, and a failure
///   (``ReviewStoreError``, the only error thrown) changed nothing.
/// - Writes are checked optimistically: an edit names the spans it was computed on (`seen`, with
///   their revisions) and is refused with ``ReviewStoreError/Kind/conflict`` when they changed
///   since; undo and redo are refused when what they would reverse was changed since.
/// - Judgements (ratings, decisions, notes) belong to the reviewer who made them; a decision and
///   the ratings are bound to the state of the span (or document) they were made on
///   (`DecisionState`), so a later change makes them stale instead of silently carrying over.
/// - A reviewer assigned to review a document independently works on their own version, blind
///   to the others', until it is adjudicated (`workingDocument`, `documentPage`, `history`).
/// - Other reviewers' changes are noticed by polling ``changeToken()``.
///
/// docs/architecture.md, "Adding a store backend", says what a new backend implements and which
/// conformance tests it must pass.
public protocol ReviewStore: AnyObject {
    /// A short name for the title line (the database's file name).
    var displayName: String { get }
    /// Whether the store refuses every write (``ReviewStoreError/Kind/readOnly``).
    var isReadOnly: Bool { get }
    /// Reports waits (for a lock, a server) while a call waits, and lets the screen cut them short.
    var waits: BusySignal { get }

    // MARK: The session

    /// An interactive session starts: the store may prepare for many small writes (SQLite leaves
    /// checkpoints to ``idle()``).
    func beginSession() throws(ReviewStoreError)
    /// The reviewer paused after writing: the store may do work it deferred (SQLite checkpoints).
    func idle() throws(ReviewStoreError)
    /// A value that changes whenever anyone commits a change.
    func changeToken() throws(ReviewStoreError) -> ChangeToken

    // MARK: The reviewer

    /// Whether `reviewer` has documents assigned that they have not decided yet.
    func hasQueue(for reviewer: String) throws(ReviewStoreError) -> Bool
    /// Where `reviewer` was when they last left, if anywhere.
    func lastPosition(of reviewer: String) throws(ReviewStoreError) -> ReviewerPosition?
    /// Remembers where `reviewer` is (a no-op on a read-only store).
    func savePosition(_ position: ReviewerPosition, of reviewer: String) throws(ReviewStoreError)

    // MARK: The list

    /// Up to `limit` documents matching `filter` in id order, strictly after `after` (or, going
    /// backward, strictly before `before`; `Int64.max` for the last page): keyset pagination, so
    /// a page costs the same anywhere in the corpus. A document `viewer` reviews blind shows, and
    /// is filtered by, their own version's status and counts.
    func documentPage(filter: DocumentFilter, after: Int64?, before: Int64?, limit: Int, viewer: String) throws(ReviewStoreError) -> [DocumentSummary]
    /// The number of documents matching `filter`, as `viewer` sees them.
    func documentCount(filter: DocumentFilter, viewer: String) throws(ReviewStoreError) -> Int
    /// That number when the store keeps it (running totals: answered at once, whatever the
    /// corpus), else `nil`: then the list counts it with ``countDocuments(filter:viewer:from:budget:)``.
    func knownDocumentCount(filter: DocumentFilter, viewer: String) throws(ReviewStoreError) -> Int?
    /// Counts the documents matching `filter` from the document id `from` on, a step at a time
    /// (about `budget` documents read), so that a screen never waits for a count; the steps'
    /// matches add up to ``documentCount(filter:viewer:)``.
    func countDocuments(filter: DocumentFilter, viewer: String, from: Int64, budget: Int) throws(ReviewStoreError) -> DocumentCountProgress
    /// How many documents match `filter` and how many of them and of their spans `viewer` has
    /// decided (counted when the filter changes, like ``documentCount(filter:viewer:)``).
    func progress(filter: DocumentFilter, viewer: String) throws(ReviewStoreError) -> ReviewProgress
    /// The smallest stage above `stage` (or the smallest at all), for cycling a stage filter.
    func nextStage(after stage: Int?) throws(ReviewStoreError) -> Int?

    // MARK: A document

    /// The version of a document `reviewer` works on, with every judgement they may see: their own
    /// independent version while they review it blind (made from the shared one the first time),
    /// else the shared version. `nil` when there is no such document. A version of more than
    /// ``DocumentWindow/wholeLimit`` spans comes as the window near the document offset `near`
    /// (`nil`: its start), cut by ``DocumentWindow/text(tops:near:length:reach:)``, read in time
    /// and memory bounded by the window, not the document.
    func workingDocument(id: Int64, for reviewer: String, near: Int?) throws(ReviewStoreError) -> StoredDocument?
    /// A step of the in-document search (`/`) of a document's text: the first match of `query`
    /// (TrellisCore's ``TextMatcher`` rule) starting in `range` (`forward`), or the last one,
    /// looking at no more than `budget` code points from that end of the range (fewer, to end
    /// where the store's pieces of text do), so that a search of a long document goes on a step
    /// at a time (``TextFindStep/step(of:within:forward:budget:piece:length:text:)``).
    func findText(_ query: String, in documentID: Int64, within range: Range<Int>, forward: Bool, budget: Int) throws(ReviewStoreError) -> TextFindStep
    /// What undo and redo would act on for `reviewer` in a document.
    func undoStacks(in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> UndoStacks
    /// Every change of a document, oldest first (only their own, and re-imports, for a reviewer
    /// who reviews it blind).
    func history(of documentID: Int64, viewer: String) throws(ReviewStoreError) -> [HistoryItem]
    /// The shared spans of a document as the rewriter wrote them (as imported or last re-imported),
    /// in document order: what reviewers changed is measured against them.
    func originalSpans(of documentID: Int64) throws(ReviewStoreError) -> [Span]
    /// The reviewers' independent versions of a document with their own judgements, for `reviewer`
    /// to adjudicate; refused, before anything is read, to whoever may not adjudicate it.
    func versionsToAdjudicate(of documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> [ReviewedVersion]

    // MARK: Writes (each one atomic, with history, undoable)

    /// Saves an edit `SpanEditor` computed on `seen` (the version as the reviewer saw it, or its
    /// window: then the edit is the window's, and only the window's spans are checked); refused
    /// with a conflict when its spans changed since. Returns the version as saved (a long one as
    /// the window around the edit). Every write below keeps the document's counts (spans,
    /// problems) by re-checking only the spans it touched and their neighbours on a long document.
    func applyEdit(_ result: SpanEditResult, named action: String, to seen: StoredDocument, by reviewer: String) throws(ReviewStoreError) -> StoredDocument
    /// Reverses `reviewer`'s latest change of the document not yet undone; `nil` when there is none.
    func undo(in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> Replay?
    /// Re-applies the change `reviewer` undid last; `nil` when there is none.
    func redo(in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> Replay?
    /// Records a change of `reviewer`'s own ratings, decisions or notes; returns the version as saved.
    func review(_ change: ReviewChange, in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> StoredDocument
    /// Puts the document back as it was right after history entry `entry` (0: as imported).
    func revert(document documentID: Int64, toEntry entry: Int64, by reviewer: String) throws(ReviewStoreError) -> StoredDocument
    /// Makes `version` the document's adjudicated shared version, judged by `reviewer`.
    func adjudicate(document documentID: Int64, version: AdjudicatedVersion, by reviewer: String) throws(ReviewStoreError) -> StoredDocument
}

extension ReviewStore {
    /// The version of a document `reviewer` works on, from its start (see ``workingDocument(id:for:near:)``).
    public func workingDocument(id: Int64, for reviewer: String) throws(ReviewStoreError) -> StoredDocument? {
        try workingDocument(id: id, for: reviewer, near: nil)
    }
}
