/// The bytes of one exported record per format. Pure, so that the same gold gives the same bytes.
public enum ExportRecords {
    /// `{"id":…,"stage":…,"text":"<human>…</human>"}`
    public static func train(id: String, stage: Int?, annotated: AnnotatedText, codec: TagCodec) -> [UInt8] {
        var object = JSONObjectBuilder()
        object.string("id", id)
        object.int("stage", stage)
        object.string("text", codec.serialise(annotated))
        return object.finish()
    }

    /// `{"id","stage","text": tokens and text,"segments":[{"mode","token","text"}]}`
    public static func controlTokens(id: String, stage: Int?, annotated: AnnotatedText, tokens: ControlTokens) -> [UInt8] {
        var object = JSONObjectBuilder()
        object.string("id", id)
        object.int("stage", stage)
        object.string("text", tokens.render(annotated))
        let segments = tokens.segments(of: annotated).map { segment -> [UInt8] in
            var item = JSONObjectBuilder()
            item.string("mode", segment.mode)
            item.string("token", segment.mode.map(tokens.token(for:)) ?? tokens.untagged)
            item.string("text", segment.text)
            return item.finish()
        }
        object.raw("segments", JSONObjectBuilder.array(segments))
        return object.finish()
    }

    /// The evaluation record: plain text, gold spans with their judgements, and provenance.
    public static func eval(_ document: GoldDocument, provenance: ExportProvenance) -> [UInt8] {
        let annotated = AnnotatedText(scalars: document.scalars)
        var object = JSONObjectBuilder()
        object.string("id", document.id)
        object.int("stage", document.stage)
        object.string("text", document.text)
        let spans = document.gold.map { gold -> [UInt8] in
            var span = JSONObjectBuilder()
            span.int("start", gold.span.start)
            span.int("end", gold.span.end)
            span.string("label", gold.span.label)
            span.string("text", annotated.text(in: gold.span.start..<gold.span.end))
            var ratings = JSONObjectBuilder()
            for (dimension, value) in gold.ratings.sorted(by: { $0.key < $1.key }) { ratings.number(dimension, value) }
            span.raw("ratings", ratings.finish())
            var byReviewer = JSONObjectBuilder()
            for (reviewer, values) in gold.ratingsByReviewer.sorted(by: { $0.key < $1.key }) {
                var inner = JSONObjectBuilder()
                for (dimension, value) in values.sorted(by: { $0.key < $1.key }) { inner.int(dimension, value) }
                byReviewer.raw(reviewer, inner.finish())
            }
            span.raw("ratings_by_reviewer", byReviewer.finish())
            span.strings("reviewers", gold.reviewers)
            span.string("decision", "approved")
            span.string("resolution", gold.resolution)
            span.string("note", gold.notes.isEmpty ? nil : gold.notes.joined(separator: "\n"))
            return span.finish()
        }
        object.raw("spans", JSONObjectBuilder.array(spans))
        object.raw("meta", document.metaJSON ?? "null")
        var origin = JSONObjectBuilder()
        origin.string("import_sha256", document.importHash)
        origin.string("source_sha256", document.sourceHash)
        origin.string("schema", provenance.schema)
        origin.string("rubric", provenance.rubric)
        origin.string("database_id", provenance.databaseID)
        origin.string("reviewed_at", document.reviewedAt)
        object.raw("provenance", origin.finish())
        return object.finish()
    }
}
