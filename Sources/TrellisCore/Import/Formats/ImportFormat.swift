/// The shapes `trellis import` and `trellis validate` read, named with `--from` or detected from
/// the content (`ImportFormatDetector`). See `docs/formats.md`, "Importing from other tools".
public enum ImportFormat: String, CaseIterable, Hashable, Sendable {
    /// Trellis's own JSONL: one document per line, tagged text or text plus offset spans.
    case jsonl
    /// Label Studio's JSON export: an array of tasks with `data.text` and `annotations`/`predictions`.
    case labelStudio = "label-studio"
    /// Label Studio's JSON-MIN export: an array of flat records, one per annotation.
    case labelStudioMin = "label-studio-min"
    /// A brat folder: `NAME.txt` with `NAME.ann` beside it.
    case brat
    /// CoNLL/IOB: a token and its tag per line, blank lines between documents.
    case conll
    /// spaCy's `Doc.to_json()`: one object, one per line, or an array of them.
    case spacy

    /// The name people know the format by, for messages.
    public var title: String {
        switch self {
        case .jsonl: "Trellis JSONL"
        case .labelStudio: "Label Studio JSON export"
        case .labelStudioMin: "Label Studio JSON-MIN export"
        case .brat: "brat folder"
        case .conll: "CoNLL/IOB file"
        case .spacy: "spaCy Doc.to_json() file"
        }
    }
}

/// How the JSON values of a file that is not Trellis JSONL are laid out.
public enum JSONLayout: Hashable, Sendable {
    /// One top-level array whose elements are the records.
    case array
    /// One JSON value per line (JSON Lines).
    case lines
    /// One or more top-level values, each spread over any number of lines.
    case values
}
