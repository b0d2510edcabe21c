/// The files `trellis export` writes; see `docs/export.md` for each with an example.
public enum ExportFormat: String, CaseIterable, Hashable, Sendable {
    /// JSONL: `{"id","stage","text"}` with inline mode tags, for conditional pretraining.
    case train
    /// JSONL: `{"id","stage","text","segments"}` with a control token before each segment.
    case controlTokens = "control-tokens"
    /// JSONL: plain text plus spans with code-point offsets, ratings, reviewers, decisions, notes,
    /// provenance (the Prodigy/spaCy convention; re-importable).
    case eval
    /// A folder of brat/INCEpTION standoff files: `ID.txt` and `ID.ann`.
    case brat
    /// One row per gold span and reviewer, for spreadsheets and pandas.
    case csv
    /// A Hugging Face dataset folder: `README.md` (a dataset card declaring the splits' files and
    /// the features) and `data/SPLIT.jsonl` of eval records.
    case hf
    /// JSONL: per reviewed document whose gold differs from its rewriter's spans, the tagged text
    /// as rewritten and as reviewed and the edits between them (`CorrectionRecords`).
    case corrections
    /// JSONL: `{"prompt","chosen","rejected"}` — source, gold, machine — for preference training.
    case preference
}

/// The project context an export records: names and versions, and the database's id.
public struct ExportProvenance: Hashable, Sendable {
    public var schema: String
    public var rubric: String
    public var databaseID: String

    public init(schema: String, rubric: String, databaseID: String) {
        self.schema = schema
        self.rubric = rubric
        self.databaseID = databaseID
    }
}

extension ExportFormat {
    /// Whether records are whole documents (with `--span-runs`, also stretches of them): such a
    /// record carries every span of its text, so the whole schema applies to it.
    public var writesDocuments: Bool { self == .train || self == .controlTokens }

    /// Whether `--split` applies: eval and train write one file per split, hf always does.
    public var splits: Bool { self == .train || self == .eval || self == .hf }

    /// Whether records compare reviewed documents with what their rewriter wrote (corrections,
    /// preference): documents count as reviewed by `ReviewedGold`, not by the gold policy's options.
    public var comparesRewriter: Bool { self == .corrections || self == .preference }

    /// The formats that write gold chosen by the gold policy: every format but those comparing
    /// reviewed documents with their rewriter.
    public static var gold: [ExportFormat] { allCases.filter { !$0.comparesRewriter } }

    /// The schema rules a record of this format is not held to. The spans of eval, brat and csv
    /// records are the gold subset of a document: text outside them, a quote without its parent
    /// and neighbours the schema would ban are expected there. Every other rule (known labels,
    /// spans inside the text, not empty, not crossing) holds for every format.
    public var relaxedRules: Set<Violation.Kind> {
        writesDocuments ? [] : [.untaggedText, .nesting, .bannedTransition]
    }
}
