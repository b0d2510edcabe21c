import TrellisCore

/// What an import did.
public struct ImportSummary: Hashable, Sendable {
    /// New documents stored.
    public var imported = 0
    /// Lines whose document was already stored with the same content.
    public var unchanged = 0
    /// Stored documents replaced by changed content (`--replace-changed`).
    public var replaced = 0
    /// Lines whose document differs from the stored one, which was kept.
    public var changedKept = 0
    /// Lines that could not be imported.
    public var rejected = 0
    /// Blank lines skipped.
    public var blank = 0
    /// Lines deliberately not imported (a Prodigy answer other than "accept").
    public var skipped = 0
    /// Imported documents that break the schema (stored, with their problems shown to reviewers).
    public var withProblems = 0
    /// The first problems (see `ImportOptions.keptProblems`).
    public var problems: [ImportProblem] = []
    /// The format the input was read in.
    public var format = ImportFormat.jsonl

    public init() {}

    /// Whether any line was not imported as it stands in the file.
    public var hasRejections: Bool { rejected > 0 || changedKept > 0 }

    /// Adds the counts of `other` (its problems are not copied).
    mutating func add(_ other: ImportSummary) {
        imported += other.imported
        unchanged += other.unchanged
        replaced += other.replaced
        changedKept += other.changedKept
        rejected += other.rejected
        blank += other.blank
        skipped += other.skipped
        withProblems += other.withProblems
    }

    /// Lines read that held a document.
    public var lines: Int { imported + unchanged + replaced + changedKept + rejected }
}

/// Progress of a running import, for a progress indicator.
public struct ImportProgress: Sendable {
    public var bytesRead: Int
    public var totalBytes: Int?
    public var linesRead: Int
}
