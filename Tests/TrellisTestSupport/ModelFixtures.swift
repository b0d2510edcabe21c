import TrellisCore
import TrellisModel

/// Model values built without any store: for tests of the reducer, which reads nothing, and for
/// the fake store's documents.
public enum ModelFixtures {
    /// The document a JSONL line holds.
    public static func input(_ line: String, lineNumber: Int = 1, schema: TagSchema = Fixtures.defaultSchema) throws -> DocumentInput {
        try Array(line.utf8).withUnsafeBufferPointer { DocumentLineDecoder(schema: schema).decode($0, lineNumber: lineNumber) }.get()
    }

    /// A document as a store keeps it, not reviewed yet.
    public static func record(_ input: DocumentInput, id: Int64, at time: String = "2026-01-01T00:00:00.000Z", problems: Int = 0) -> DocumentRecord {
        DocumentRecord(id: id, externalId: input.externalID, text: input.text, length: input.annotated.scalars.count, source: input.source,
                       stage: input.stage, meta: input.metaJSON, contentHash: input.contentHash, spanCount: input.annotated.spans.count,
                       problemCount: problems, importedAt: time, updatedAt: time)
    }

    /// The shared version of the document a JSONL line holds, as a store returns it: row `id`,
    /// spans numbered from `firstSpanID` in document order, no judgements.
    public static func stored(_ line: String, id: Int64 = 1, firstSpanID: Int64 = 1) throws -> StoredDocument {
        let input = try input(line)
        let spans = input.annotated.spans.enumerated().map { SpanRecord(id: firstSpanID + Int64($0.offset), documentId: id, span: $0.element) }
        let problems = Validator(schema: Fixtures.defaultSchema).violations(in: input.annotated).count
        return StoredDocument(record: record(input, id: id, problems: problems), spans: spans)
    }

    /// The list's row for a document.
    public static func summary(_ document: StoredDocument) -> DocumentSummary {
        DocumentSummary(id: document.record.id, externalId: document.record.externalId, stage: document.record.stage, status: document.record.status,
                        spanCount: document.spans.count, problemCount: document.record.problemCount, preview: document.record.text)
    }
}
