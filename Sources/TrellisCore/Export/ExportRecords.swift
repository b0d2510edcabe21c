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

    /// `{"id","stage","text": tokens and text,"segments":[{"mode","token","text"}]}`, with the
    /// tokens written literally in the text escaped; also how many were.
    public static func controlTokens(id: String, stage: Int?, annotated: AnnotatedText, tokens: ControlTokens,
                                     escaping: TokenEscaping) -> (record: [UInt8], escaped: Int) {
        var escaped = 0
        let segments = tokens.segments(of: annotated).map { segment in
            let text = escaping.escape(segment.text)
            escaped += text.escaped
            return (mode: segment.mode, token: segment.mode.map(tokens.token(for:)) ?? tokens.untagged, text: text.text)
        }
        var object = JSONObjectBuilder()
        object.string("id", id)
        object.int("stage", stage)
        object.string("text", segments.map { ($0.token ?? "") + $0.text }.joined())
        object.objects("segments", segments) { item, segment in
            item.string("mode", segment.mode)
            item.string("token", segment.token)
            item.string("text", segment.text)
        }
        return (object.finish(), escaped)
    }

    /// The evaluation record: plain text, gold spans with their judgements, and provenance. Every
    /// field has one JSON type in every record, whatever the corpus, so that readers which infer
    /// types from the values (Arrow, `datasets`) read any number of files: ratings are floats for
    /// every dimension of `dimensions` (`null` where it does not apply or was not rated),
    /// judgements a list of records, and text that may be absent (`source`, a note, the
    /// adjudicator, `meta`'s JSON) an empty string rather than `null`.
    public static func eval(_ document: GoldDocument, provenance: ExportProvenance, dimensions: [String]) -> [UInt8] {
        // A rating field per dimension, read by its place (ratings are kept over the rubric's
        // dimensions, in the order of `dimensions`); the keys of a span's and a judgement's
        // fields made once.
        let keys = dimensions.map(JSONKey.init)
        func ratings<Value>(_ object: inout JSONObjectBuilder, _ ratings: Ratings<Value>, _ float: (Value) -> Double) {
            object.object(EvalKeys.ratings) { object in
                for (index, dimension) in dimensions.enumerated() { object.float(keys[index], ratings.value(at: index, named: dimension).map(float)) }
            }
        }
        var object = JSONObjectBuilder()
        object.string("id", document.id)
        object.int("stage", document.stage)
        object.string("text", document.text)
        object.string("source", document.source ?? "")
        var text = document.text
        text.withUTF8 { utf8 in
            let offsets = UTF8Offsets(document.scalars, byteCount: utf8.count)
            object.objects("spans", document.gold) { span, gold in
                span.int(EvalKeys.start, gold.span.start)
                span.int(EvalKeys.end, gold.span.end)
                span.string(EvalKeys.label, gold.span.label)
                span.string(EvalKeys.text, utf8: UnsafeBufferPointer(rebasing: utf8[offsets.bytes(of: gold.span.start..<gold.span.end)]))
                ratings(&span, gold.ratings) { $0 }
                span.objects(EvalKeys.judgements, gold.judgements) { item, judgement in
                    item.string(EvalKeys.reviewer, judgement.reviewer)
                    item.string(EvalKeys.decision, judgement.decision ?? "")
                    ratings(&item, judgement.ratings, Double.init)
                    item.string(EvalKeys.note, judgement.note ?? "")
                    item.string(EvalKeys.reviewedAt, judgement.at)
                }
                span.strings(EvalKeys.reviewers, gold.reviewers)
                span.string(EvalKeys.decision, "approved")
                span.string(EvalKeys.resolution, gold.resolution)
                span.string(EvalKeys.adjudicator, gold.adjudicator ?? "")
                span.string(EvalKeys.note, gold.notes.joined(separator: "\n"))
            }
        }
        object.string("document_note", DocumentNote.joined(document.notes))
        object.string("meta", document.metaJSON ?? "")
        object.object("provenance") { origin in
            origin.string("import_sha256", document.importHash)
            origin.string("source_sha256", document.sourceHash ?? "")
            origin.string("schema", provenance.schema)
            origin.string("rubric", provenance.rubric)
            origin.string("database_id", provenance.databaseID)
            origin.string("reviewed_at", document.reviewedAt)
        }
        return object.finish()
    }
}

/// The keys of an eval record's spans and judgements, written for every one of them.
private enum EvalKeys {
    static let start = JSONKey("start"), end = JSONKey("end"), label = JSONKey("label"), text = JSONKey("text"), ratings = JSONKey("ratings")
    static let judgements = JSONKey("judgements"), reviewer = JSONKey("reviewer"), decision = JSONKey("decision"), note = JSONKey("note")
    static let reviewedAt = JSONKey("reviewed_at"), reviewers = JSONKey("reviewers"), resolution = JSONKey("resolution")
    static let adjudicator = JSONKey("adjudicator")
}
