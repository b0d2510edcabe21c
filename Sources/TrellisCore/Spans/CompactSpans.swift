/// A list of spans as a few bytes, for storing a version that is kept whole and never edited
/// (the machine's version of a document): one value per document instead of a row per span.
///
/// Layout (every number an unsigned LEB128 varint): the format byte `1`; the number of distinct
/// labels, each as its UTF-8 length and bytes (in order of first use); the number of spans; then
/// per span, in document order, its start minus the previous span's start, its length, its
/// label's place in the list and its depth. An eleven-span document takes about 50 bytes.
public enum CompactSpans {
    static let format: UInt8 = 1
    /// Labels a document may have before `encode` looks them up by hash instead of along the list.
    static let labelsLookedAlong = 32

    /// The bytes of `spans` (any order: they are written in document order).
    public static func encode(_ spans: [Span]) -> [UInt8] {
        let ordered = spans.indices.dropFirst().allSatisfy({ !Span.documentOrder(spans[$0], spans[$0 - 1]) }) ? spans : spans.sorted(by: Span.documentOrder)
        // Each span's label as a place in `labels`: a document has a handful of labels, so a
        // look along the list costs less than hashing every span's label twice; past a few dozen
        // labels a dictionary keeps it linear.
        var labels: [String] = []
        var places: [String: Int] = [:]
        var spanPlaces: [Int] = []
        spanPlaces.reserveCapacity(ordered.count)
        for span in ordered {
            var place = places.isEmpty ? labels.firstIndex(of: span.label) : places[span.label]
            if place == nil {
                place = labels.count
                labels.append(span.label)
                if !places.isEmpty {
                    places[span.label] = place
                } else if labels.count > Self.labelsLookedAlong {
                    places = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
                }
            }
            spanPlaces.append(place!)
        }
        var bytes: [UInt8] = [format]
        bytes.reserveCapacity(8 + labels.count * 8 + ordered.count * 5)
        Varint.append(labels.count, to: &bytes)
        for label in labels {
            Varint.append(label.utf8.count, to: &bytes)
            bytes += label.utf8
        }
        Varint.append(ordered.count, to: &bytes)
        var previous = 0
        for (span, place) in zip(ordered, spanPlaces) {
            Varint.append(span.start - previous, to: &bytes)
            Varint.append(span.end - span.start, to: &bytes)
            Varint.append(place, to: &bytes)
            Varint.append(span.depth, to: &bytes)
            previous = span.start
        }
        return bytes
    }

    /// The spans `bytes` hold, in document order; `nil` when they are not such a list (a damaged
    /// value): every count and place is checked, so that no value can make this crash or allocate
    /// more than the bytes could describe.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [Span]? where Bytes.Index == Int {
        var reader = Varint.Reader(bytes: bytes, position: bytes.startIndex)
        guard reader.byte() == format, let labelCount = reader.number(), labelCount <= reader.remaining else { return nil }
        var labels: [String] = []
        labels.reserveCapacity(labelCount)
        for _ in 0..<labelCount {
            guard let length = reader.number(), length <= reader.remaining, let label = reader.text(length) else { return nil }
            labels.append(label)
        }
        guard let count = reader.number(), count <= reader.remaining / 4 else { return nil }
        var spans: [Span] = []
        spans.reserveCapacity(count)
        var start = 0
        for _ in 0..<count {
            guard let gap = reader.number(), let length = reader.number(), let label = reader.number(), label < labels.count,
                  let depth = reader.number() else { return nil }
            let (next, overflow) = start.addingReportingOverflow(gap)
            guard !overflow, next.addingReportingOverflow(length).overflow == false else { return nil }
            start = next
            spans.append(Span(start: start, end: start + length, label: labels[label], depth: depth))
        }
        return reader.remaining == 0 ? spans : nil
    }
}
