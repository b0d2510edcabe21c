import Foundation
import TrellisCore
import TrellisModel

/// An in-memory ``ReviewStore`` for tests: documents, versions, judgements and history in plain
/// dictionaries, no SQLite. It keeps the protocol's contract in the simplest way rather than the
/// fastest (`ReviewStoreConformanceTests` runs the same checks on it and on the SQLite store).
/// Set `failure` to make every call fail, as a store that breaks would.
///
/// What it leaves out: history summaries are short (`"spans; ratings"`, not the SQLite store's
/// wording), and there are no imports, exports or agreement reports.
public final class FakeStore: ReviewStore {
    public let displayName: String
    public var isReadOnly: Bool
    public let waits = BusySignal()
    /// When set, every call fails with this error and changes nothing.
    public var failure: ReviewStoreError?
    /// Past how many spans a version is read a window at a time, and how many top-level spans a
    /// window holds each side (``DocumentWindow``'s, as the SQLite store; smaller in tests that
    /// cross windows on short documents).
    public var windowLimit = DocumentWindow.wholeLimit
    public var windowReach = DocumentWindow.reach
    /// Steps of in-document searches answered (``findText(_:in:within:forward:budget:)``).
    public var textSearchSteps = 0
    /// At most how many code points a step of an in-document search reads (a small one makes a
    /// short document's search take many steps, as a long one's does).
    public var textSearchStepLimit = Int.max
    /// The schema problems are counted against.
    let schema: TagSchema

    var documents: [Int64: DocumentRecord] = [:]
    var spans: [Int64: SpanRecord] = [:]
    /// Ratings, span reviews and document reviews.
    var judgements: [Item: Value] = [:]
    /// When each judgement last changed (timestamps sort as text).
    var judgedAt: [Item: String] = [:]
    var history: [Entry] = []
    var reviewers: [String: ReviewerRecord] = [:]
    /// Who reviews which document, and whether independently.
    var assignments: [(document: Int64, reviewer: Int64, independent: Bool)] = []
    /// Who adjudicated each adjudicated document.
    var adjudicators: [Int64: Int64] = [:]
    var positions: [String: ReviewerPosition] = [:]
    private var clock = 0

    /// A store holding `lines` (Trellis JSONL, tagged or with offsets), numbered from 1 in order.
    public init(lines: [String], schema: TagSchema = Fixtures.defaultSchema, name: String = "fake", readOnly: Bool = false) throws {
        self.schema = schema
        displayName = name
        isReadOnly = readOnly
        for (index, line) in lines.enumerated() {
            let input = try ModelFixtures.input(line, lineNumber: index + 1, schema: schema)
            let id = Int64(documents.count + 1)
            documents[id] = ModelFixtures.record(input, id: id, at: now())
            for span in input.annotated.spans { _ = newSpan(span, document: id, owner: nil, deleted: false) }
        }
    }

    /// Assigns every document (or those with `externalIDs`) to `reviewers`, independently (each
    /// on their own version, blind to the others) when there are several and `independent` holds.
    public func assign(_ externalIDs: [String]? = nil, to reviewers: [String], independent: Bool = true) {
        for (id, record) in documents where externalIDs?.contains(record.externalId) ?? true {
            for name in reviewers {
                assignments.append((id, reviewer(name).id, independent && reviewers.count > 1))
            }
        }
    }

    /// Gives `name` a role.
    public func setRole(_ role: ReviewerRole, of name: String) {
        reviewers[name] = ReviewerRecord(id: reviewer(name).id, name: name, role: role, createdAt: now())
    }

    /// The shared version of the document `externalID` with every judgement, as stored now.
    public func document(externalID: String) -> StoredDocument? {
        documents.values.first { $0.externalId == externalID }.flatMap { stored($0.id, owner: nil) }
    }

    // MARK: What the store holds

    /// A judgement, a span or an adjudication, as history records it.
    enum Item: Hashable {
        case span(Int64)
        case adjudication(document: Int64)
        case rating(span: Int64, reviewer: Int64, dimension: String)
        case spanReview(span: Int64, reviewer: Int64)
        case documentReview(document: Int64, reviewer: Int64)
    }

    /// The state of an item.
    enum Value: Hashable {
        case absent
        case span(Span, deleted: Bool)
        case rating(Int, seen: Int64?)
        case review(Decision?, note: String?, seen: Int64?)
        case adjudicated(by: Int64)

        /// A review, or `.absent` when it holds neither a decision nor a note.
        static func review(decision: Decision?, note: String?, seen: Int64?) -> Value {
            decision == nil && note == nil ? .absent : .review(decision, note: note, seen: seen)
        }

        /// A rating, or `.absent` for none.
        static func rating(_ value: Int?, seen: Int64?) -> Value {
            value.map { .rating($0, seen: seen) } ?? .absent
        }
    }

    /// One history entry: the state of what it touched before and after.
    struct Entry {
        var id: Int64
        var document: Int64
        var span: Int64?
        var reviewer: Int64
        var action: String
        var before: [Item: Value]
        var after: [Item: Value]
        var reverts: Int64?
        var at: String
    }

    /// A timestamp that grows with every call (ISO 8601, as the SQLite store writes them).
    func now() -> String {
        clock += 1
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: 1_767_225_600 + Double(clock)))
    }

    /// The reviewer called `name`, known from now on.
    func reviewer(_ name: String) -> ReviewerRecord {
        if let known = reviewers[name] { return known }
        let record = ReviewerRecord(id: Int64(reviewers.count + 1), name: name, role: .reviewer, createdAt: now())
        reviewers[name] = record
        return record
    }

    func name(of reviewerID: Int64) -> String {
        reviewers.values.first { $0.id == reviewerID }?.name ?? "?"
    }

    func newSpan(_ span: Span, document: Int64, owner: Int64?, deleted: Bool) -> Int64 {
        let id = Int64(spans.count + 1)
        spans[id] = SpanRecord(id: id, documentId: document, ownerId: owner, span: span, deleted: deleted)
        return id
    }

    /// Live spans of a version (`owner == nil`: the shared one) in document order.
    func liveSpans(_ document: Int64, owner: Int64?) -> [SpanRecord] {
        spans.values.filter { $0.documentId == document && $0.ownerId == owner && !$0.deleted }
            .sorted { Span.documentOrder($0.span, $1.span) || ($0.span == $1.span && $0.id < $1.id) }
    }

    func current(_ item: Item) -> Value {
        switch item {
        case .span(let id): return spans[id].map { .span($0.span, deleted: $0.deleted) } ?? .absent
        case .adjudication(let document): return adjudicators[document].map { .adjudicated(by: $0) } ?? .absent
        default: return judgements[item] ?? .absent
        }
    }

    func current(_ items: some Sequence<Item>) -> [Item: Value] {
        Dictionary(uniqueKeysWithValues: items.map { ($0, current($0)) })
    }

    func apply(_ change: [Item: Value], at time: String) {
        for (item, value) in change {
            switch (item, value) {
            case (.span(let id), .span(let span, let deleted)):
                spans[id]?.start = span.start
                spans[id]?.end = span.end
                spans[id]?.label = span.label
                spans[id]?.depth = span.depth
                spans[id]?.deleted = deleted
                spans[id]?.revision += 1
            case (.adjudication(let document), .adjudicated(let adjudicator)):
                adjudicators[document] = adjudicator
            case (.adjudication(let document), _):
                adjudicators[document] = nil
            case (_, .absent):
                judgements[item] = nil
                judgedAt[item] = nil
            default:
                judgements[item] = value
                judgedAt[item] = time
            }
        }
    }

    /// Applies `after` (unless it is already applied) and records the change in history.
    func commit(_ action: String, document: Int64, span: Int64?, reviewer: Int64, before: [Item: Value], after: [Item: Value], reverts: Int64? = nil,
                applied: Bool = false) {
        let time = now()
        if !applied { apply(after, at: time) }
        history.append(Entry(id: Int64(history.count + 1), document: document, span: span, reviewer: reviewer, action: action,
                             before: before, after: after, reverts: reverts, at: time))
        documents[document]?.revision += 1
        documents[document]?.updatedAt = time
    }

    /// Throws `failure`, when set.
    func check() throws(ReviewStoreError) {
        if let failure { throw failure }
    }

    /// Throws `failure`, or refuses a write to a read-only store.
    func checkWritable() throws(ReviewStoreError) {
        try check()
        if isReadOnly { throw ReviewStoreError(.readOnly, "\(displayName) is read-only: changes cannot be saved") }
    }
}
