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
        object.objects("segments", tokens.segments(of: annotated)) { item, segment in
            item.string("mode", segment.mode)
            item.string("token", segment.mode.map(tokens.token(for:)) ?? tokens.untagged)
            item.string("text", segment.text)
        }
        return object.finish()
    }

    /// The evaluation record: plain text, gold spans with their judgements, and provenance.
    public static func eval(_ document: GoldDocument, provenance: ExportProvenance) -> [UInt8] {
        var object = JSONObjectBuilder()
        object.string("id", document.id)
        object.int("stage", document.stage)
        object.string("text", document.text)
        var text = document.text
        text.withUTF8 { utf8 in
            let offsets = UTF8Offsets(document.scalars, byteCount: utf8.count)
            object.objects("spans", document.gold) { span, gold in
                span.int("start", gold.span.start)
                span.int("end", gold.span.end)
                span.string("label", gold.span.label)
                span.string("text", utf8: UnsafeBufferPointer(rebasing: utf8[offsets.bytes(of: gold.span.start..<gold.span.end)]))
                span.object("ratings") { ratings in
                    for (dimension, value) in gold.ratings.sorted(by: { $0.key < $1.key }) { ratings.number(dimension, value) }
                }
                span.object("ratings_by_reviewer") { byReviewer in
                    for (reviewer, values) in gold.ratingsByReviewer.sorted(by: { $0.key < $1.key }) {
                        byReviewer.object(reviewer) { inner in
                            for (dimension, value) in values.sorted(by: { $0.key < $1.key }) { inner.int(dimension, value) }
                        }
                    }
                }
                span.strings("reviewers", gold.reviewers)
                span.string("decision", "approved")
                span.string("resolution", gold.resolution)
                span.string("adjudicator", gold.adjudicator)
                span.string("note", gold.notes.isEmpty ? nil : gold.notes.joined(separator: "\n"))
            }
        }
        object.objects("notes", document.notes) { item, note in
            item.string("reviewer", note.reviewer)
            item.string("note", note.note)
        }
        object.raw("meta", document.metaJSON ?? "null")
        object.object("provenance") { origin in
            origin.string("import_sha256", document.importHash)
            origin.string("source_sha256", document.sourceHash)
            origin.string("schema", provenance.schema)
            origin.string("rubric", provenance.rubric)
            origin.string("database_id", provenance.databaseID)
            origin.string("reviewed_at", document.reviewedAt)
        }
        return object.finish()
    }
}
