import GRDB
import TrellisCore

/// Checks an input as `Importer` would import it, without writing anything: every problem the
/// import would report (the same decoders and converters, the same rules on ids,
/// `DocumentArrival`, against `database` when one is given) and every schema violation, placed at
/// its line and column (for another tool's format, at the span's region, line or `T` line).
///
/// The ids of the input are kept in memory to find repeats (the importer finds them in the
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

        /// The report's last line for what was checked (`name`).
        public func line(for name: String) -> String {
            "\(name): \(documents) documents checked, \(withProblems) with problems, \(problems) problems"
        }
    }

    /// Checks `path` (`-` for standard input) in `format`, or the format its content shows;
    /// `onProblem` sees every problem, in file order.
    public func run(path: String, format: ImportFormat? = nil, onProblem: (ImportProblem) -> Void) throws -> Summary {
        try run(ImportInput.open(path: path, format: format, maxRecordBytes: maxLineBytes), onProblem: onProblem)
    }

    /// Checks `input`; `onProblem` sees every problem, in input order.
    public func run(_ input: ImportInput, onProblem: (ImportProblem) -> Void) throws -> Summary {
        var firstLines: [String: Int] = [:]
        var summary = Summary()
        // A repeated id, or (against `database`) a stored document with other content.
        func arrival(of input: DocumentInput, line: Int) throws -> ImportProblem? {
            let id = input.externalID
            let arrival = DocumentArrival(firstLineInFile: firstLines[id].map { .some($0) },
                                          stored: try database?.storedIdentity(of: id), contentHash: input.contentHash)
            if firstLines[id] == nil { firstLines[id] = line }
            return arrival.problem(id: id, line: line, replacing: false)
        }
        func record(_ found: [ImportProblem]) {
            summary.documents += 1
            if !found.isEmpty { summary.withProblems += 1 }
            summary.problems += ImportProblem.count(found)
            found.forEach(onProblem)
        }
        switch input {
        case .jsonl(let reader):
            try checkLines(reader, arrival: arrival, record: record)
        case .converted(let source):
            let validator = Validator(schema: schema)
            try source.forEachDocument(schema: schema) { result in
                switch result {
                case .failure(let rejection):
                    record(rejection.problems)
                case .success(let document):
                    var found = Self.violations(of: document, validator: validator)
                    if var problem = try arrival(of: document.input, line: document.place.line) {
                        (problem.file, problem.column) = (document.place.file, document.place.column)
                        found.append(problem)
                    }
                    record(found)
                }
                return true
            }
        }
        return summary
    }

    /// The schema violations of a converted document, placed at its spans (else where it
    /// begins): at most `ProblemLimit.perLine`, then one report counting the rest.
    private static func violations(of document: ConvertedDocument, validator: Validator) -> [ImportProblem] {
        let annotated = document.input.annotated
        let violations = validator.violations(in: annotated)
        let shown = Array(violations.prefix(ProblemLimit.perLine))
        let positions = TextPosition.positions(of: shown.map(\.range.lowerBound), in: annotated.scalars)
        var found = zip(shown, positions).map { violation, position in
            (violation.spanIndex.map { document.spanPlaces[$0] } ?? document.place).problem(violation.report(at: position), documentID: document.input.externalID)
        }
        if violations.count > shown.count {
            found.append(ProblemLimit.leftOut(violations.count - shown.count, at: document.place, documentID: document.input.externalID))
        }
        return found
    }

    /// Checks Trellis JSONL line by line.
    private func checkLines(_ reader: LineReader, arrival: (DocumentInput, Int) throws -> ImportProblem?, record: ([ImportProblem]) -> Void) throws {
        let validator = LineValidator(schema: schema)
        try reader.forEachLine { event in
            var found: [ImportProblem]
            switch event {
            case .tooLong(let number, let byteCount):
                found = [ImportProblem.lineTooLong(line: number, byteCount: byteCount, limit: maxLineBytes)]
            case .line(let number, let bytes):
                guard !DocumentLineDecoder.isBlank(bytes) else { return }
                let check = validator.check(bytes, lineNumber: number, hashing: database != nil)
                found = check.problems
                if let input = check.input, let problem = try arrival(input, number) { found.append(problem) }
            }
            record(found)
        }
    }
}

extension AppDatabase {
    /// The row id and content hash of the document stored under `externalID`, if any.
    func storedIdentity(of externalID: String) throws -> (documentID: Int64, contentHash: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, content_hash FROM document WHERE external_id = ?", arguments: [externalID])
                .map { ($0["id"], $0["content_hash"]) }
        }
    }
}
