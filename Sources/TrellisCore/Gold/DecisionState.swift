/// What a decision is bound to: a fingerprint of the state the reviewer judged. A span's state is
/// its label, start, end and depth and those of every span nested in it; a document's state is
/// its content (as imported) and every span of the version judged. A decision (or rating) whose
/// recorded fingerprint differs from the current one was made on something else: it is stale.
/// Comparing fingerprints, never history, keeps the check as cheap as reading the spans, and
/// undoing a change brings the old fingerprint, and so the decision, back.
///
/// A span's fingerprint is FNV-1a (64 bits) over a fixed encoding of it and its nested spans.
/// A document's is additive over its spans, so that it can be kept per version and moved by an
/// edit without reading the other spans (a version of a million spans): each span contributes a
/// well-mixed 64-bit term (``spanTerm(_:)``), the terms are summed with wrapping arithmetic
/// (``spanSum(of:)``: order does not matter, subtracting a span's term takes it out, so undoing
/// an edit brings the same sum back), and the sum is mixed with the content hash
/// (``fingerprint(spanSum:contentHash:)``).
///
/// Stored fingerprints (decisions', ratings', and those in history entries) depend on these
/// functions, so they must never change. The document fingerprint was sequential FNV-1a over
/// the content hash and every span in document order until `v29-additive-document-state`
/// (``sequentialFingerprint(ofDocument:contentHash:)``), which carried every stored document
/// fingerprint it could tie to a state over to the additive one (see `DocumentStateCarryOver`).
public enum DecisionState {
    /// The fingerprint of each span's state (the span and the spans nested in it), for spans in
    /// document order. A nested span is one after it in document order that lies within its range.
    public static func fingerprints(of spans: [Span]) -> [Int64] {
        spans.indices.map { fingerprint(ofSpanAt: $0, in: spans) }
    }

    /// The fingerprint of one span's state among its version's spans (document order).
    public static func fingerprint(ofSpanAt index: Int, in spans: [Span]) -> Int64 {
        var hash = FNV1a()
        let outer = spans[index]
        hash.add(outer)
        var next = index + 1
        while next < spans.count, spans[next].start < outer.end {
            if spans[next].end <= outer.end { hash.add(spans[next]) }
            next += 1
        }
        return hash.value
    }

    /// The fingerprint of a document's state: its content hash and every span of the version
    /// (in any order).
    public static func fingerprint(ofDocument spans: [Span], contentHash: String) -> Int64 {
        fingerprint(spanSum: spanSum(of: spans), contentHash: contentHash)
    }

    /// The fingerprint of a document's state from its content hash and the sum of its version's
    /// span terms (``spanSum(of:)``), as kept by the store.
    public static func fingerprint(spanSum: Int64, contentHash: String) -> Int64 {
        var hash = FNV1a()
        hash.add(contentHash)
        hash.byte(0xFE)
        hash.add(Int(spanSum))
        return Int64(bitPattern: mix(hash.state))
    }

    /// The wrapping sum of the spans' terms: an edit moves it by each added span's term and
    /// minus each removed span's.
    public static func spanSum<Spans: Sequence<Span>>(of spans: Spans) -> Int64 {
        spans.reduce(0) { $0 &+ spanTerm($1) }
    }

    /// One span's term in a document's state: its encoding hashed, then mixed so that every bit
    /// of the term depends on every bit of the span (sums of nearby spans do not cancel out).
    public static func spanTerm(_ span: Span) -> Int64 {
        var hash = FNV1a()
        hash.add(span)
        return Int64(bitPattern: mix(hash.state))
    }

    /// The document fingerprint stored before `v29-additive-document-state`: FNV-1a over the
    /// content hash and every span in document order. For migrations only.
    public static func sequentialFingerprint(ofDocument spans: [Span], contentHash: String) -> Int64 {
        var hash = FNV1a()
        hash.add(contentHash)
        hash.byte(0xFE)
        for span in spans { hash.add(span) }
        return hash.value
    }

    /// SplitMix64's finalizer: a bijection of 64 bits with full avalanche.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
/// 64-bit FNV-1a.
struct FNV1a {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    var value: Int64 { Int64(bitPattern: state) }

    mutating func byte(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ integer: Int) {
        var value = UInt64(bitPattern: Int64(integer))
        for _ in 0..<8 {
            byte(UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
    }

    mutating func add(_ string: String) {
        for unit in string.utf8 { byte(unit) }
    }

    /// A span: its label (ended by a byte no UTF-8 text holds), start, end and depth.
    mutating func add(_ span: Span) {
        add(span.label)
        byte(0xFF)
        add(span.start)
        add(span.end)
        add(span.depth)
    }
}
