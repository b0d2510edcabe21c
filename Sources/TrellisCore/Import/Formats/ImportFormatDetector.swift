/// Recognises an input's format from its first bytes and first record, so that `trellis import
/// FILE` needs no `--from` (see `docs/formats.md`, "Detection"). Pure: the store reads the bytes.
public enum ImportFormatDetector {
    /// What the first bytes of a file show.
    public enum HeadShape: Hashable, Sendable {
        /// Nothing but white space (an empty JSONL file).
        case empty
        /// A first line that is a whole JSON value: JSON Lines (JSONL or spaCy documents).
        case jsonLines(firstLine: JSONNode)
        /// `[` opening an array that the first line does not close.
        case jsonArray
        /// `{` opening a value that goes on past the first line (a pretty-printed document).
        case jsonValues
        /// A first line that starts like JSON but is broken: JSONL, whose lines are reported one by one.
        case brokenJSONLine
        /// Anything else: lines of text (CoNLL?).
        case text
    }

    /// The shape of a file from its first bytes (`head`; `isWholeFile` when there is no more).
    public static func shape(ofHead head: UnsafeBufferPointer<UInt8>, isWholeFile: Bool) -> HeadShape {
        var start = 0
        if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { start = 3 }
        while start < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[start]) { start += 1 }
        guard start < head.count else { return isWholeFile ? .empty : .text }
        let first = head[start]
        guard first == UInt8(ascii: "[") || first == UInt8(ascii: "{") else { return .text }
        var end = start
        while end < head.count, head[end] != 0x0A { end += 1 }
        let lineComplete = end < head.count || isWholeFile
        let line = UnsafeBufferPointer(rebasing: head[start..<end])
        do {
            let node = try JSONParser.parse(line)
            // A whole array on the first line and nothing after it: a one-line array of records.
            if first == UInt8(ascii: "["), lineComplete, !hasContent(after: end, in: head) { return isWholeFile ? .jsonArray : .jsonLines(firstLine: node) }
            return .jsonLines(firstLine: node)
        } catch {
            let truncated = error.byteOffset >= line.count - (line.last == 0x0D ? 1 : 0)
            if first == UInt8(ascii: "[") { return .jsonArray }
            return truncated || !lineComplete ? .jsonValues : .brokenJSONLine
        }
    }

    /// The format whose records look like `record` (Label Studio, JSON-MIN or spaCy), if any.
    public static func format(ofRecord record: JSONNode) -> ImportFormat? {
        if LabelStudioConverter.fits(record) { return .labelStudio }
        if SpacyConverter.fits(record) { return .spacy }
        if LabelStudioMinConverter.fits(record) { return .labelStudioMin }
        return nil
    }

    /// Whether `record` fits `format` (for a format named with `--from`).
    public static func record(_ record: JSONNode, fits format: ImportFormat) -> Bool {
        switch format {
        case .labelStudio: LabelStudioConverter.fits(record)
        case .labelStudioMin: LabelStudioMinConverter.fits(record)
        case .spacy: SpacyConverter.fits(record)
        case .jsonl, .brat, .conll: true
        }
    }

    /// Whether the first `lines` of a text file (a few dozen) are those of a CoNLL file: the
    /// first that is not blank is a token and a tag (or `-DOCSTART-`), and so are at least three
    /// in four of them (the others are reported as bad lines).
    public static func isCoNLL(_ lines: [Substring]) -> Bool {
        let meaningful = lines.filter { !$0.allSatisfy(\.isWhitespace) }
        guard let first = meaningful.first, CoNLLConverter.fits(first) else { return false }
        return meaningful.filter(CoNLLConverter.fits).count * 4 >= meaningful.count * 3
    }

    private static func hasContent(after index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes[min(index, bytes.count)...].contains { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    }
}
