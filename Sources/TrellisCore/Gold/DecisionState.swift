/// What a decision is bound to: a fingerprint of the state the reviewer judged. A span's state is
/// its label, start, end and depth and those of every span nested in it; a document's state is
/// its content (as imported) and every span of the version judged. A decision (or rating) whose
/// recorded fingerprint differs from the current one was made on something else: it is stale.
/// Comparing fingerprints, never history, keeps the check as cheap as reading the spans, and
/// undoing a change brings the old fingerprint, and so the decision, back.
///
/// The fingerprint is FNV-1a (64 bits) over a fixed encoding; stored fingerprints depend on it,
/// so it must never change.
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

    /// The fingerprint of a document's state: its content hash and every span of the version.
    public static func fingerprint(ofDocument spans: [Span], contentHash: String) -> Int64 {
        var hash = FNV1a()
        hash.add(contentHash)
        hash.byte(0xFE)
        for span in spans { hash.add(span) }
        return hash.value
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
