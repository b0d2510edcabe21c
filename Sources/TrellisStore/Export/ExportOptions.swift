import TrellisCore

/// What `Exporter` writes and which gold it selects.
public struct ExportOptions: Sendable {
    public var format: ExportFormat
    public var policy: GoldPolicy
    /// Training records per run of gold spans instead of per complete document.
    public var spanRuns: Bool
    /// Shuffle documents within each stage with this seed (the same seed, the same order).
    public var shuffleSeed: UInt64?
    /// Only documents whose every span has been decided by someone.
    public var wholeDocuments: Bool
    public var stages: Set<Int>?
    public var modes: Set<String>?
    public var tokens: ControlTokens
    /// One file per split (eval and train: a folder of `SPLIT.jsonl`; hf always has splits,
    /// `train` alone by default).
    public var split: DatasetSplits?
    /// csv: free text a spreadsheet would run as a formula gets a `'` in front.
    public var formulaGuard: Bool
    /// Documents read per transaction.
    public var batchSize: Int

    public init(format: ExportFormat, policy: GoldPolicy, spanRuns: Bool = false, shuffleSeed: UInt64? = nil, wholeDocuments: Bool = false,
                stages: Set<Int>? = nil, modes: Set<String>? = nil, tokens: ControlTokens = ControlTokens(), split: DatasetSplits? = nil,
                formulaGuard: Bool = true, batchSize: Int = 500) {
        self.format = format
        self.policy = policy
        self.spanRuns = spanRuns
        self.shuffleSeed = shuffleSeed
        self.wholeDocuments = wholeDocuments
        self.stages = stages
        self.modes = modes
        self.tokens = tokens
        self.split = split
        self.formulaGuard = formulaGuard
        self.batchSize = batchSize
    }
}

/// What an export wrote.
public struct ExportSummary: Hashable, Sendable {
    public struct File: Hashable, Sendable {
        public var name: String
        public var bytes: Int
        public var sha256: String
    }

    public var documentsRead = 0
    public var documentsExported = 0
    public var records = 0
    public var goldSpans = 0
    public var spansByMode: [String: Int] = [:]
    public var spansByStage: [String: Int] = [:]
    public var resolutions: [String: Int] = [:]
    public var excluded: [String: Int] = [:]
    /// Control tokens written literally in the text, escaped (control-tokens).
    public var escapedTokens = 0
    /// Per split (in the order given), what went to it.
    public var splits: [SplitCount] = []
    /// Documents left out by reason (corrections and preference exports, whose records are
    /// whole documents).
    public var excludedDocuments: [String: Int] = [:]
    /// "ID @start-end label" of spans reviewers disagree on (when the policy refuses them).
    public var disagreements: [String] = []
    public var files: [File] = []
}

/// What one split of an export holds.
public struct SplitCount: Hashable, Sendable {
    public var name: String
    public var documents = 0
    public var records = 0
    public var spans = 0

    public init(name: String) {
        self.name = name
    }
}

/// Why an export stopped; nothing is left under the final name.
public enum ExportError: Error, Equatable, Sendable, CustomStringConvertible {
    case exists(String)
    case disagreements([String])
    case invalid(file: String, problems: [String])
    case cannotWrite(String)
    case options(String)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) exists; pass --force to replace it"
        case .disagreements(let spans): "reviewers disagree on \(spans.count) span\(spans.count == 1 ? "" : "s") and --on-disagreement refuse was given; adjudicate them first:\n" + spans.prefix(20).joined(separator: "\n")
        case .invalid(let file, let problems): "the written \(file) does not validate:\n" + problems.prefix(20).joined(separator: "\n")
        case .cannotWrite(let reason): "cannot write the export: \(reason)"
        case .options(let reason): reason
        }
    }
}
