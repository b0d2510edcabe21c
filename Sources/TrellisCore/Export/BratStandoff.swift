import Crypto

/// brat/INCEpTION standoff: `ID.txt` holds the plain text, `ID.ann` one `T` line per gold span
/// (0-based code-point offsets, end exclusive; a span over a line break becomes fragments
/// `start end;start end`), an `A` line per rating (rounded to the scale) and `#` lines for notes:
/// `AnnotatorNotes` on a span, `DocumentNote` for a note on the whole document (brat has no
/// document-level annotation, so those point at `T1`).
public enum BratStandoff {
    /// The `.txt` and `.ann` contents of one document.
    public static func files(for document: GoldDocument) -> (text: String, annotations: String) {
        let annotated = AnnotatedText(scalars: document.scalars)
        var lines: [String] = []
        var attribute = 0
        var comment = 0
        func commentLine(_ type: String, _ target: String, _ text: String) -> String {
            comment += 1
            return "#\(comment)\t\(type) \(target)\t\(String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }))"
        }
        for (index, gold) in document.gold.enumerated() {
            let id = "T\(index + 1)"
            let fragments = self.fragments(of: gold.span.start..<gold.span.end, in: document.scalars)
            let placement = fragments.map { "\($0.lowerBound) \($0.upperBound)" }.joined(separator: ";")
            let text = fragments.map { annotated.text(in: $0) }.joined(separator: " ")
            lines.append("\(id)\t\(gold.span.label) \(placement)\t\(text)")
            for (dimension, value) in gold.ratings.sorted(by: { $0.key < $1.key }) {
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

    /// `annotation.conf` declaring the modes and the rating attributes with their values.
    public static func configuration(schema: TagSchema, rubric: Rubric) -> String {
        var lines = ["[entities]"] + schema.tags.map(\.name)
        lines += ["", "[relations]", "", "[events]", "", "[attributes]"]
        for dimension in rubric.dimensions {
            let values = dimension.scale.map(String.init).joined(separator: "|")
            lines.append("\(dimension.name)\tArg:\(dimension.modes.sorted().joined(separator: "|")), Value:\(values)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A file name for a document id: the id when it is safe, else a safe form plus a hash.
    public static func fileName(for id: String) -> String {
        let safe = String(id.unicodeScalars.map { scalar -> Character in
            let ok = (scalar.value < 0x80) && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" || scalar == ".")
            return ok ? Character(scalar) : "_"
        })
        let trimmed = safe.hasPrefix(".") ? "_" + safe.dropFirst() : safe
        return trimmed == id ? id : "\(trimmed.prefix(80))-\(SHA256.hexDigest(id).prefix(8))"
    }

    /// The range split at line breaks, without the breaks and without empty pieces.
    static func fragments(of range: Range<Int>, in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        for offset in range where scalars[offset] == "\n" || scalars[offset] == "\r" {
            if offset > start { pieces.append(start..<offset) }
            start = offset + 1
        }
        if range.upperBound > start { pieces.append(start..<range.upperBound) }
        return pieces.isEmpty ? [range] : pieces
    }
}
