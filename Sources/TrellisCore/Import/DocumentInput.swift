/// One document read from an import line, ready to be stored.
public struct DocumentInput: Hashable, Sendable {
    /// The corpus's own id (`id` field).
    public var externalID: String
    /// The plain text with its spans; constant, so that `text` stays equal to `annotated.text`.
    public let annotated: AnnotatedText
    /// The plain text, the same as `annotated.text` (which the decoder has at hand).
    public let text: String
    /// The original text before rewriting, if the corpus has it.
    public var source: String?
    /// Curriculum stage.
    public var stage: Int?
    /// The `meta` object exactly as it was written.
    public var metaJSON: String?
    /// Who wrote the spans: `meta.rewriter` (`Rewriter.named(inMeta:)`), if the document names one.
    public var rewriter: String?
    /// SHA-256 (hex) over the document's content in canonical form: the same document imported
    /// twice, from any accepted form, hashes the same.
    public var contentHash: String

    public init(externalID: String, annotated: AnnotatedText, text: String? = nil, source: String?, stage: Int?, metaJSON: String?,
                rewriter: String? = nil, contentHash: String) {
        self.externalID = externalID
        self.rewriter = rewriter
        self.annotated = annotated
        self.text = text ?? annotated.text
        self.source = source
        self.stage = stage
        self.metaJSON = metaJSON
        self.contentHash = contentHash
    }
}

/// A problem with one import line, placed by line and column (code points, 1-based).
public struct ImportProblem: Error, Hashable, Sendable {
    public var line: Int
    public var column: Int
    public var message: String
    /// The document's id, when it could be read.
    public var documentID: String?
    /// For the report that ends a line with too many problems ("… and 15,997 more problems on
    /// this line", see `ProblemLimit`), how many it stands for; 0 for a problem of its own.
    public var leftOut: Int
    /// For an input that is a folder (brat), the file inside it that the line and column are in.
    public var file: String?

    public init(line: Int, column: Int, message: String, documentID: String? = nil, leftOut: Int = 0, file: String? = nil) {
        self.line = line
        self.column = column
        self.message = message
        self.documentID = documentID
        self.leftOut = leftOut
        self.file = file
    }

    /// How many problems `problems` report, counting those left out.
    public static func count(_ problems: [ImportProblem]) -> Int {
        problems.reduce(0) { $0 + max(1, $1.leftOut) }
    }

    /// `file:line:column: message`, as compilers print it; `file/inner:line:column: …` for a
    /// problem in a file inside the folder `file`.
    public func formatted(file: String) -> String {
        let document = documentID.map { " [\($0)]" } ?? ""
        let path = self.file.map { (file.hasSuffix("/") ? file : file + "/") + $0 } ?? file
        return "\(path):\(line):\(column): \(message)\(document)"
    }
}

/// Why a line was not imported: every problem found with it, or (`skipped`) a line that is
/// deliberately not a document, such as a Prodigy answer other than "accept".
public struct LineRejection: Error, Hashable, Sendable {
    public var problems: [ImportProblem]
    public var skipped: Bool
    public init(_ problems: [ImportProblem], skipped: Bool = false) {
        self.problems = problems
        self.skipped = skipped
    }
}
