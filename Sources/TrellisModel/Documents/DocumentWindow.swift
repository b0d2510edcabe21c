import TrellisCore

/// The part of a long document a ``StoredDocument`` holds, when it does not hold it whole: the
/// review screen of a document of a million spans reads only the spans near what is shown.
///
/// A window is a run of whole top-level spans (with everything nested in them) and the text
/// around them up to the neighbouring top-level spans, so that every rule of a span and its
/// nested spans holds inside it. Its spans and text are given relative to ``text``'s start: the
/// screen edits a window as it edits a short document, and the store moves the edit back.
public struct DocumentWindow: Hashable, Sendable {
    /// Where the window's text lies in the document's text, in code points.
    public var text: Range<Int>
    /// Live spans of the whole version (the document's kept count).
    public var spanCount: Int
    /// Code points of the whole text.
    public var length: Int

    public init(text: Range<Int>, spanCount: Int, length: Int) {
        self.text = text
        self.spanCount = spanCount
        self.length = length
    }

    /// A version with more live spans than this is read a window at a time.
    public static let wholeLimit = 4096
    /// Top-level spans a window holds on each side of the one it is opened at.
    public static let reach = 256

    /// Whether the window holds the document's first text.
    public var atStart: Bool { text.lowerBound <= 0 }
    /// Whether the window holds the document's last text.
    public var atEnd: Bool { text.upperBound >= length }

    /// The window's text range in the document, for a version whose top-level spans (depth 0,
    /// in document order) are `tops`, opened near the document offset `offset`: the last
    /// top-level span starting at or before `offset` (else the first), ``reach`` more on each
    /// side, and the text up to the end of the top-level span before them and the start of the
    /// one after them. Every store cuts its windows by this rule (the SQLite store in SQL).
    public static func text(tops: [Span], near offset: Int, length: Int, reach: Int = reach) -> Range<Int> {
        guard let first = tops.first else { return 0..<length }
        let anchor = tops.last { $0.start <= offset }?.start ?? first.start
        let before = tops.filter { $0.start < anchor }
        let after = tops.filter { $0.start > anchor }
        let lower = before.count > reach ? before[before.count - 1 - reach].end : 0
        let upper = after.count > reach ? after[reach].start : length
        return min(lower, upper)..<upper
    }
}

extension SpanRecord {
    /// The record with its boundaries moved by `delta` code points (into or out of a window).
    public func shifted(by delta: Int) -> SpanRecord {
        var record = self
        record.start += delta
        record.end += delta
        return record
    }
}
