/// Labelled text regions as both Label Studio exports write them: a `value` object with `start`,
/// `end`, `labels` and (usually) the region's `text`.
///
/// Offsets: Label Studio's editor has counted code points since 2022 (its tests check a region
/// after an emoji, "🐱 … test" → 21–25); releases before that counted UTF-16 code units
/// (JavaScript string indices). A task is read in code points unless some region's quoted text
/// matches only when its offsets are read as UTF-16 units and every quoted region matches so;
/// then all its regions are read as UTF-16 units.
enum LabelStudioRegions {
    /// The spans of the regions among `values` (objects that are not regions, such as choices,
    /// ratings or text areas, are skipped); `path` names them in messages.
    static func candidates(_ values: [JSONNode], path: String, notes: inout RecordNotes) -> [OffsetSpanCandidate<Int>] {
        var candidates: [OffsetSpanCandidate<Int>] = []
        for value in values {
            guard let labelsNode = value["labels"] else { continue }
            var offsets: [Int] = []
            for key in ["start", "end"] {
                guard let node = value[key] else {
                    notes.add("a region without \"\(key)\" in \(path)", at: value)
                    continue
                }
                guard let offset = node.intValue else {
                    notes.add("\"\(key)\" of a text region must be a whole number, found \(node.typeName) (in \(path))", at: node)
                    continue
                }
                offsets.append(offset)
            }
            guard let labels = labelsNode.arrayValue, !labels.isEmpty else {
                notes.add("\"labels\" must be a list of at least one label, found \(labelsNode.typeName) (in \(path))", at: labelsNode)
                continue
            }
            guard offsets.count == 2 else { continue }
            for label in labels {
                guard let name = label.stringValue else {
                    notes.add("a label must be a string, found \(label.typeName) (in \(path))", at: label)
                    continue
                }
                candidates.append(OffsetSpanCandidate(start: offsets[0], end: offsets[1], label: name, quoted: value["text"]?.stringValue, place: value.range.lowerBound))
            }
        }
        return candidates
    }

    /// `candidates` with their offsets in code points: read as code points, unless only UTF-16
    /// units explain the quoted texts (see the type's documentation).
    static func inCodePoints(_ candidates: [OffsetSpanCandidate<Int>], text scalars: [Unicode.Scalar]) -> [OffsetSpanCandidate<Int>] {
        func matches(_ candidate: OffsetSpanCandidate<Int>) -> Bool {
            guard let quoted = candidate.quoted else { return true }
            guard 0 <= candidate.start, candidate.start <= candidate.end, candidate.end <= scalars.count else { return false }
            return quoteMatches(quoted, scalars[candidate.start..<candidate.end])
        }
        guard !candidates.allSatisfy(matches), scalars.contains(where: { $0.value > 0xFFFF }) else { return candidates }
        let units = UTF16Offsets(scalars)
        var converted: [OffsetSpanCandidate<Int>] = []
        for candidate in candidates {
            guard let start = units.codePoint(atUnit: candidate.start), let end = units.codePoint(atUnit: candidate.end) else { return candidates }
            var moved = candidate
            moved.start = start
            moved.end = end
            guard matches(moved) else { return candidates }
            converted.append(moved)
        }
        return converted
    }

    /// Whether a region's quoted text is the text at its offsets: exactly, or with each line
    /// break written as `\n` (two characters), as Label Studio writes a region across lines.
    static func quoteMatches(_ quoted: String, _ actual: ArraySlice<Unicode.Scalar>) -> Bool {
        if OffsetSpans.exactQuote(quoted, actual) { return true }
        guard actual.contains("\n") else { return false }
        var expected = quoted.unicodeScalars.makeIterator()
        for scalar in actual {
            if scalar == "\n" {
                guard expected.next() == "\\", expected.next() == "n" else { return false }
            } else if expected.next() != scalar {
                return false
            }
        }
        return expected.next() == nil
    }

    /// The index of the latest of `items` (annotations or predictions) that `counts`: by
    /// `updated_at`, else `created_at` (ISO 8601 times compare as text), the later in the list on
    /// a tie.
    static func latest(_ items: [JSONNode], counts: (JSONNode) -> Bool = { _ in true }) -> Int? {
        items.indices.filter { counts(items[$0]) }.max { a, b in (time(items[a]), a) < (time(items[b]), b) }
    }

    /// When an annotation (or a JSON-MIN record) was last changed.
    static func time(_ item: JSONNode) -> String {
        item["updated_at"]?.stringValue ?? item["created_at"]?.stringValue ?? ""
    }
}
