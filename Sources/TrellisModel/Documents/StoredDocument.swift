import TrellisCore

/// A document as stored: its row, its live spans in document order, and every reviewer's
/// ratings, decisions and notes (loaded for single documents; empty in bulk reads). A long
/// document may come as a ``DocumentWindow``: then `record.text` and `spans` are the window's,
/// relative to its start, and the judgements those of its spans and of the document.
public struct StoredDocument: Hashable, Sendable {
    public var record: DocumentRecord
    /// The reviewer whose independent version `spans` are; `nil` for the shared version.
    public var owner: Int64?
    public let spans: [SpanRecord]
    /// The part of the document held, when not all of it (`nil`: the whole document).
    public let window: DocumentWindow?
    public var ratings: [SpanRating] = []
    public var notes: [ReviewNote] = []
    /// The state (`DecisionState`) of each span, by id, and of the version as a whole: what
    /// decisions and ratings are compared with. Worked out when reviews are loaded.
    public private(set) var spanStates: [Int64: Int64] = [:]
    public private(set) var state: Int64?

    /// `documentState`, for a window, is the whole version's state (`DecisionState`), which a
    /// window cannot work out; the store gives it when a decision on the document needs it.
    public init(record: DocumentRecord, owner: Int64? = nil, spans: [SpanRecord], ratings: [SpanRating] = [], notes: [ReviewNote] = [],
                window: DocumentWindow? = nil, documentState: Int64? = nil) {
        self.record = record
        self.owner = owner
        self.spans = spans
        self.ratings = ratings
        self.notes = notes
        self.window = window
        if !ratings.isEmpty || !notes.isEmpty {
            // States are of the spans where they are in the document, not in the window.
            let base = window?.text.lowerBound ?? 0
            let core = spans.map { $0.shifted(by: base).span }
            spanStates = Dictionary(uniqueKeysWithValues: zip(spans.map(\.id), DecisionState.fingerprints(of: core)))
            state = window == nil ? DecisionState.fingerprint(ofDocument: core, contentHash: record.contentHash) : documentState
        }
    }

    /// The part of this whole document whose text is `range` (``DocumentWindow/text(tops:near:length:reach:)``):
    /// the spans starting there and their judgements, relative to its start, with the document's
    /// own judgements and state.
    public func window(_ range: Range<Int>) -> StoredDocument {
        let scalars = Array(record.text.unicodeScalars)
        var part = record
        part.text = String(String.UnicodeScalarView(scalars[range]))
        let inside = spans.filter { $0.start >= range.lowerBound && ($0.start < range.upperBound || range.upperBound >= record.length) }
        let ids = Set(inside.map(\.id))
        return StoredDocument(record: part, owner: owner, spans: inside.map { $0.shifted(by: -range.lowerBound) },
                              ratings: ratings.filter { ids.contains($0.spanId) }, notes: notes.filter { $0.spanId.map(ids.contains) ?? true },
                              window: DocumentWindow(text: range, spanCount: spans.count, length: record.length), documentState: state)
    }

    /// Whether a decision (on a span, or with `spanId == nil` on the document) was made on the
    /// state shown now; a stale one was made on an earlier state and counts for nothing until
    /// it is re-confirmed. `false` for spans of other versions.
    public func isCurrent(_ note: ReviewNote) -> Bool {
        guard let seen = note.seen else { return false }
        return note.spanId.map { spanStates[$0] == seen } ?? (state == seen)
    }

    /// Whether a rating was given to the span as it is now.
    public func isCurrent(_ rating: SpanRating) -> Bool {
        rating.seen != nil && spanStates[rating.spanId] == rating.seen
    }

    /// The dimensions `reviewer` rated on an earlier state of a span (kept, but not counted).
    public func ratingsBeforeChange(of spanID: Int64, by reviewer: String) -> Set<String> {
        Set(ratings.filter { $0.spanId == spanID && $0.reviewer == reviewer && !isCurrent($0) }.map(\.dimension))
    }

    /// `reviewer`'s decision on a span (`nil`: on the document) if it was made on what is shown now.
    public func currentDecision(on spanID: Int64?, by reviewer: String) -> Decision? {
        guard let note = note(on: spanID, by: reviewer), isCurrent(note) else { return nil }
        return note.decision
    }

    /// `reviewer`'s ratings of a span, by dimension.
    public func ratings(of spanID: Int64, by reviewer: String) -> [String: Int] {
        Dictionary(ratings.filter { $0.spanId == spanID && $0.reviewer == reviewer }.map { ($0.dimension, $0.value) }) { $1 }
    }

    /// `reviewer`'s decision and note on a span (`nil`: on the document).
    public func note(on spanID: Int64?, by reviewer: String) -> ReviewNote? {
        notes.first { $0.spanId == spanID && $0.reviewer == reviewer }
    }

    /// The plain text with its spans, for the core.
    public var annotated: AnnotatedText {
        AnnotatedText(text: record.text, spans: spans.map(\.span))
    }
}
