import Testing
import TrellisCore

/// The machine version's packed spans: any list comes back in document order with its labels,
/// whether a document has a few labels (looked up along the list) or many (by hash).
@Suite struct CompactSpansTests {
    private func spans(count: Int, labels: [String], random: inout SeededRandom) -> [Span] {
        (0..<count).map { _ in
            let start = Int.random(in: 0..<10_000, using: &random)
            return Span(start: start, end: start + Int.random(in: 0...300, using: &random), label: labels.randomElement(using: &random)!,
                        depth: Int.random(in: 0...3, using: &random))
        }
    }

    @Test(arguments: [1, 3, 32, 33, 200])
    func anyListComesBackInDocumentOrder(labelCount: Int) throws {
        var random = SeededRandom(seed: UInt64(labelCount))
        let labels = (0..<labelCount).map { "label-\($0)" } + ["日本", ""]
        for count in [0, 1, 11, 500] {
            let original = spans(count: count, labels: labels, random: &random)
            let decoded = try #require(CompactSpans.decode(CompactSpans.encode(original)))
            #expect(zip(decoded, decoded.dropFirst()).allSatisfy { !Span.documentOrder($1, $0) })
            let total = { (a: Span, b: Span) in Span.documentOrder(a, b) || (!Span.documentOrder(b, a) && a.label < b.label) }
            #expect(decoded.sorted(by: total) == original.sorted(by: total))
        }
    }

    @Test func labelsAreListedOnceInOrderOfFirstUse() {
        // More labels than are looked up along the list, each used twice, in reverse order of name.
        let labels = (0..<40).map { "l\(39 - $0)" }
        let spans = (labels + labels).enumerated().map { Span(start: $0.offset, end: $0.offset + 1, label: $0.element) }
        let bytes = CompactSpans.encode(spans)
        // Format, label count, then each label as its length and bytes.
        var expected: [UInt8] = [1, 40]
        for label in labels { expected += [UInt8(label.utf8.count)] + Array(label.utf8) }
        #expect(Array(bytes.prefix(expected.count)) == expected)
        // Each span: gap from the previous start, length, label's place, depth.
        expected += [80]
        for index in 0..<80 { expected += [index == 0 ? 0 : 1, 1, UInt8(index % 40), 0] }
        #expect(bytes == expected)
    }
}
