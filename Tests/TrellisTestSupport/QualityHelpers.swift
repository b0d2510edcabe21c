import TrellisCore
import TrellisStore

/// Generated corpora with planted errors, reviewed back to the truth, for quality tests.
public enum QualityHelpers {
    /// `count` generated documents by `rewriters`: the lines as written, each document's spans as
    /// they should be, by id, and how many spans each rewriter was made to mislabel (documents
    /// import would reject are left out of all three).
    public static func corpus(seed: UInt64, count: Int, rewriters: [CorpusGenerator.PlantedRewriter])
        -> (lines: [String], truth: [String: [Span]], planted: [String: Int]) {
        var generator = CorpusGenerator(seed: seed, rewriters: rewriters)
        let decoder = DocumentLineDecoder(schema: Fixtures.defaultSchema)
        func decode(_ line: String, _ number: Int) -> DocumentInput? {
            let bytes = Array(line.utf8)
            guard case .success(let input) = bytes.withUnsafeBufferPointer({ decoder.decode($0, lineNumber: number) }) else { return nil }
            return input
        }
        var lines: [String] = [], truth: [String: [Span]] = [:], planted: [String: Int] = [:]
        for index in 1...count {
            let document = generator.nextDocument(index: index)
            guard let written = decode(document.line, index), let right = decode(document.truth, index) else { continue }
            let (machine, gold) = (written.annotated.spans, right.annotated.spans)
            precondition(machine.map { [$0.start, $0.end] } == gold.map { [$0.start, $0.end] }, "planted errors change labels only")
            lines.append(document.line)
            truth[right.externalID] = gold
            planted[written.rewriter!, default: 0] += zip(machine, gold).filter { $0.label != $1.label }.count
        }
        return (lines, truth, planted)
    }

    /// Reviews a document back to `truth` as a reviewer would: relabels each span the rewriter got
    /// wrong (when a relabel would break the schema's nesting — a turn and the quote in it both
    /// wrong — deletes the quote, relabels the turn and inserts the quote again), then approves the
    /// document as a whole. The truth has the same ranges.
    public static func reviewToTruth(_ id: String, truth: [Span], in database: AppDatabase, by reviewer: String = "ada") throws {
        for _ in 0...truth.count {
            let spans = try database.document(externalID: id)!.spans
            guard let index = truth.indices.first(where: { $0 < spans.count && spans[$0].label != truth[$0].label }) else { break }
            do {
                try ReviewHelpers.edit(id, .relabel(span: index, label: truth[index].label), in: database, by: reviewer)
            } catch {
                let child = index + 1
                guard child < truth.count, truth[index].encloses(truth[child]) else { throw error }
                try ReviewHelpers.edit(id, .delete(span: child), in: database, by: reviewer)
                try ReviewHelpers.edit(id, .relabel(span: index, label: truth[index].label), in: database, by: reviewer)
                try ReviewHelpers.edit(id, .insert(range: truth[child].start..<truth[child].end, label: truth[child].label), in: database, by: reviewer)
            }
        }
        try ReviewHelpers.decideDocument(id, in: database, by: reviewer)
    }
}
