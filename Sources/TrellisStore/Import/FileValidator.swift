import GRDB
import TrellisCore

/// Checks a JSONL file as `Importer` would import it, without writing anything: every problem
/// the import would report (the same decoder, the same rules on ids, `DocumentArrival`, against
/// `database` when one is given) and every schema violation placed at its line and column.
///
/// The ids of the file are kept in memory to find repeats (the importer finds them in the
/// database it writes): about 50 bytes per document.
public struct FileValidator {
    public let schema: TagSchema
    /// The database an import would write into, whose documents the file is checked against.
    public let database: AppDatabase?
    public let maxLineBytes: Int

    public init(schema: TagSchema, database: AppDatabase? = nil, maxLineBytes: Int = 16 << 20) {
        self.schema = schema
        self.database = database
        self.maxLineBytes = maxLineBytes
    }

    /// What a validation found.
    public struct Summary: Hashable, Sendable {
        /// Lines that are not blank.
        public var documents: Int
        public var withProblems: Int
        /// Problems found, those left out of a line's report included (`ImportProblem.count`).
        public var problems: Int

        public init(documents: Int = 0, withProblems: Int = 0, problems: Int = 0) {
            self.documents = documents
            self.withProblems = withProblems
            self.problems = problems
        }
    }

    /// Checks `path` (`-` for standard input); `onProblem` sees every problem, in file order.
    public func run(path: String, onProblem: (ImportProblem) -> Void) throws -> Summary {
        let validator = LineValidator(schema: schema)
        let reader = try LineReader(path: path, maxLineBytes: maxLineBytes)
        var firstLines: [String: Int] = [:]
        var summary = Summary()
        try reader.forEachLine { event in
            var found: [ImportProblem]
            switch event {
            case .tooLong(let number, let byteCount):
                found = [ImportProblem.lineTooLong(line: number, byteCount: byteCount, limit: maxLineBytes)]
            case .line(let number, let bytes):
                guard !DocumentLineDecoder.isBlank(bytes) else { return }
                let check = validator.check(bytes, lineNumber: number, hashing: database != nil)
                found = check.problems
                if let input = check.input {
                    let id = input.externalID
                    let arrival = DocumentArrival(firstLineInFile: firstLines[id].map { .some($0) },
                                                  stored: try database?.storedIdentity(of: id), contentHash: input.contentHash)
                    if let problem = arrival.problem(id: id, line: number, replacing: false) { found.append(problem) }
                    if firstLines[id] == nil { firstLines[id] = number }
                }
            }
            summary.documents += 1
            if !found.isEmpty { summary.withProblems += 1 }
            summary.problems += ImportProblem.count(found)
            found.forEach(onProblem)
        }
        return summary
    }
}

extension AppDatabase {
    /// The row id and content hash of the document stored under `externalID`, if any.
    func storedIdentity(of externalID: String) throws -> (documentID: Int64, contentHash: String)? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT id, content_hash FROM document WHERE external_id = ?", arguments: [externalID])
                .map { ($0["id"], $0["content_hash"]) }
        }
    }
}
