import Testing
import TrellisCore
import TrellisTestSupport

/// Moving the boundary of two touching spans: one edit sets the first span's end and the next
/// one's start, white space at the boundary going to neither; spans that do not touch, would
/// empty or would cut through a nested span are refused.
@Suite struct SpanEditorBoundaryTests {
    // "Hi there. " | "How can I help? Hi" with a nested quote, then untagged text, then a span.
    let annotated = TagCodec(schema: Fixtures.defaultSchema)
        .parse("<human>Hi there.</human> <ai>How can I help? <quote>Hi</quote></ai> loose <human>Bye.</human>").annotated

    private func boundary(_ index: Int, at offset: Int) -> Result<SpanEditResult, EditRefusal> {
        SpanEditor(schema: Fixtures.defaultSchema, annotated: annotated).apply(.setBoundary(span: index, offset: offset))
    }

    @Test func bothEndsMoveInOneEdit() throws {
        let forward = try boundary(0, at: 13).get()
        #expect(forward.spans.prefix(2) == [Span(start: 0, end: 13, label: "human"), Span(start: 14, end: 28, label: "ai")])
        let backward = try boundary(0, at: 3).get()
        #expect(backward.spans.prefix(2) == [Span(start: 0, end: 2, label: "human"), Span(start: 3, end: 28, label: "ai")])
        #expect(backward.focus == 0)
        #expect(SpanEdit.setBoundary(span: 0, offset: 3).name == "move-boundary")
    }

    @Test func refusesWhatItCannotDo() {
        #expect(throws: EditRefusal("<ai> does not touch the next <human>: text lies between them")) { try boundary(1, at: 20).get() }
        #expect(throws: EditRefusal("the <human> would be empty; delete it instead")) { try boundary(0, at: 0).get() }
        #expect(throws: EditRefusal("the next <ai> would be empty; delete it instead")) { try boundary(0, at: 31).get() }
        #expect(throws: EditRefusal("the boundary cannot move further")) { try boundary(0, at: 10).get() }
        #expect(throws: EditRefusal("<human> has no next span at its level")) { try boundary(3, at: 40).get() }
        // Past the nested quote's start: the quote would cross the ai span's new start.
        #expect(throws: EditRefusal.self) { try boundary(0, at: 27).get() }
    }
}
