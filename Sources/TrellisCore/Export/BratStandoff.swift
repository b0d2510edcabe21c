import Crypto

/// brat/INCEpTION standoff: `NAME.txt` holds the plain text, `NAME.ann` one `T` line per gold span
/// (0-based code-point offsets, end exclusive), an `A` line per rating (rounded to the scale) and
/// `#` lines for notes: `AnnotatorNotes` on a span, `DocumentNote` for a note on the whole
/// document (brat has no document-level annotation, so those point at `T1`).
///
/// brat reads an `.ann` file as lines split wherever Python's `str.splitlines` splits, and a `T`
/// line's text must be the text at its offsets, fragments joined by a space. So, as brat's own
/// editor does with line breaks, a span is written as fragments that leave out every code point
/// that would end a line or split a field (``breaksLine(_:)``): its offsets stay the span's, the
/// text field holds only what the fragments cover. A span that starts or ends with such a code
/// point keeps its exact start or end as an empty fragment there (`5 5;6 20`).
public enum BratStandoff {
    /// Whether brat's reader would end a line at `scalar` (Python's `str.splitlines`: LF, CR,
    /// VT, FF, U+001C–U+001E, NEL, U+2028, U+2029) or split a field there (TAB).
    public static func breaksLine(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x1E, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// The `.txt` and `.ann` contents of one document.
    public static func files(for document: GoldDocument) -> (text: String, annotations: String) {
        let annotated = AnnotatedText(scalars: document.scalars)
        var lines: [String] = []
        var attribute = 0
        var comment = 0
        func commentLine(_ type: String, _ target: String, _ text: String) -> String {
            comment += 1
            return "#\(comment)\t\(type) \(target)\t\(oneLine(text))"
        }
        for (index, gold) in document.gold.enumerated() {
            let id = "T\(index + 1)"
            let fragments = self.fragments(of: gold.span.start..<gold.span.end, in: document.scalars)
            let placement = fragments.map { "\($0.lowerBound) \($0.upperBound)" }.joined(separator: ";")
            let text = fragments.map { annotated.text(in: $0) }.joined(separator: " ")
            lines.append("\(id)\t\(gold.span.label) \(placement)\t\(text)")
            for (dimension, value) in gold.ratings.dictionary.sorted(by: { $0.key < $1.key }) {
                attribute += 1
                lines.append("A\(attribute)\t\(dimension) \(id) \(Int(value.rounded()))")
            }
            if !gold.notes.isEmpty {
                lines.append(commentLine("AnnotatorNotes", id, gold.notes.joined(separator: " / ")))
            }
        }
        if !document.gold.isEmpty {
            for note in document.notes { lines.append(commentLine("DocumentNote", "T1", "\(note.reviewer): \(note.note)")) }
        }
        return (annotated.text, lines.map { $0 + "\n" }.joined())
    }

    /// `annotation.conf`: the modes as entities; an `<OVERLAP>` rule per mode that may nest,
    /// letting it lie inside (or on the same span as) every mode the schema lets it nest in,
    /// directly or further down; the rating attributes with their values.
    public static func configuration(schema: TagSchema, rubric: Rubric) -> String {
        var lines = ["[entities]"] + schema.tags.map(\.name)
        lines += ["", "[relations]"]
        for tag in schema.tags {
            let outer = ancestors(of: tag.name, in: schema)
            guard !outer.isEmpty else { continue }
            lines.append("<OVERLAP>\tArg1:\(tag.name), Arg2:\(outer.joined(separator: "|")), <OVL-TYPE>:contain|equal")
        }
        lines += ["", "[events]", "", "[attributes]"]
        for dimension in rubric.dimensions {
            let values = dimension.scale.map(String.init).joined(separator: "|")
            lines.append("\(dimension.name)\tArg:\(dimension.modes.sorted().joined(separator: "|")), Value:\(values)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Why brat could not take these gold spans as they are, if it could not: a span of nothing
    /// but line-breaking code points (no text field can hold it), or a span inside one that
    /// `annotation.conf` does not let it lie in (the schema does not let it nest there).
    public static func problem(in annotated: AnnotatedText, schema: TagSchema) -> String? {
        for span in annotated.spans where annotated.scalars[span.start..<span.end].allSatisfy(breaksLine) {
            return "<\(span.label)> \(span.start)-\(span.end) holds only line breaks and tabs, which a brat text field cannot"
        }
        let parents = SpanNesting.structure(of: annotated.spans).parents
        var allowed: [String: Set<String>] = [:]
        for (index, span) in annotated.spans.enumerated() {
            var parent = parents[index]
            while let outer = parent {
                let label = annotated.spans[outer].label
                let within = allowed[span.label] ?? Set(ancestors(of: span.label, in: schema))
                allowed[span.label] = within
                if !within.contains(label) { return "<\(span.label)> lies inside <\(label)>, where the schema does not let it nest" }
                parent = parents[outer]
            }
        }
        return nil
    }

    /// Longest file name kept as the id itself (bytes, before `.txt`/`.ann`): well under the
    /// 255 bytes file systems allow.
    static let maxNameBytes = 200

    /// A file name for a document id: the id when it is made of ASCII letters, digits, `.`, `-`
    /// and `_`, does not start with `.` and is short enough; else a safe form of its start plus
    /// 16 hex digits of its SHA-256. `ids.tsv` maps names back to ids.
    public static func fileName(for id: String) -> String {
        let safe = String(id.unicodeScalars.map { scalar -> Character in
            let ok = scalar.isASCIILetter || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" || scalar == "."
            return ok ? Character(scalar) : "_"
        })
        let trimmed = safe.hasPrefix(".") ? "_" + safe.dropFirst() : safe
        return trimmed == id && id.utf8.count <= maxNameBytes ? id : "\(trimmed.prefix(100))-\(SHA256.hexDigest(id).prefix(16))"
    }

    /// The first line of `ids.tsv`.
    public static let idsHeader = "file\tid\n"

    /// The line of `ids.tsv` that maps `NAME.txt` to its document's id (ids hold no tab or line
    /// break: they are visible text).
    public static func idsLine(id: String) -> String { "\(fileName(for: id)).txt\t\(id)\n" }

    /// The modes a span of `mode` may lie inside: those it nests in, and theirs, and so on.
    static func ancestors(of mode: String, in schema: TagSchema) -> [String] {
        var found: [String] = []
        var queue = schema.tag(mode)?.nestsIn.sorted() ?? []
        while let next = queue.first {
            queue.removeFirst()
            guard !found.contains(next) else { continue }
            found.append(next)
            queue += schema.tag(next)?.nestsIn.sorted() ?? []
        }
        return found.sorted()
    }

    /// The range as fragments without line-breaking code points (no empty ones, except where
    /// the range starts or ends with one: there an empty fragment keeps its exact offset).
    static func fragments(of range: Range<Int>, in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        for offset in range where breaksLine(scalars[offset]) {
            if offset > start { pieces.append(start..<offset) }
            start = offset + 1
        }
        if range.upperBound > start { pieces.append(start..<range.upperBound) }
        guard let first = pieces.first, let last = pieces.last else { return [range] }
        if first.lowerBound > range.lowerBound { pieces.insert(range.lowerBound..<range.lowerBound, at: 0) }
        if last.upperBound < range.upperBound { pieces.append(range.upperBound..<range.upperBound) }
        return pieces
    }

    /// Text on one line: line-breaking code points as spaces.
    static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(breaksLine(scalar) ? " " : scalar) }
        return String(out)
    }
}
