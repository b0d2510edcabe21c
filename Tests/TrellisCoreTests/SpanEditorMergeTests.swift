import Testing
import TrellisCore
import TrellisTestSupport

/// Merging never relabels text silently: spans of one label merge as they are, spans of
/// different labels only with the merged span's label chosen, and only one of theirs.
@Suite struct SpanEditorMergeTests {
    let annotated = TagCodec(schema: Fixtures.defaultSchema)
        .parse("<human>Hi there.</human> <human>Assistant: hello.</human> <ai>How can I help? <quote>Hi</quote></ai>").annotated

    private func merge(_ index: Int, label: String? = nil) -> Result<SpanEditResult, EditRefusal> {
        SpanEditor(schema: Fixtures.defaultSchema, annotated: annotated).apply(.mergeWithNext(span: index, label: label))
    }

    @Test func spansOfOneLabelMergeWithoutAChoice() throws {
        let merged = try merge(0).get()
        #expect(merged.spans.first == Span(start: 0, end: 27, label: "human"))
        #expect(merged.spans.count == 3)
    }

    @Test func spansOfDifferentLabelsNeedTheMergedLabel() throws {
        #expect(throws: EditRefusal("<human> and <ai> differ: choose the merged span's label")) { try merge(1).get() }
        #expect(throws: EditRefusal("the merged span can only be <human> or <ai>")) { try merge(1, label: "quote").get() }
        let asAI = try merge(1, label: "ai").get()
        #expect(asAI.spans.map(\.label) == ["human", "ai", "quote"])
        #expect(asAI.spans[1] == Span(start: 10, end: 46, label: "ai"))
        // As human, the quote would end up inside <human>, which the schema forbids.
        #expect(throws: EditRefusal("that would put <quote> inside <human>, which the schema does not allow")) { try merge(1, label: "human").get() }
    }

    @Test func siblingsAreFoundAtTheSpansOwnLevel() {
        let spans = annotated.spans
        #expect(SpanNesting.sibling(after: 0, in: spans) == 1)
        #expect(SpanNesting.sibling(after: 2, in: spans) == nil, "the quote inside is not the ai span's sibling")
        #expect(SpanNesting.sibling(before: 2, in: spans) == 1)
        #expect(SpanNesting.sibling(before: 3, in: spans) == nil)
    }
}
