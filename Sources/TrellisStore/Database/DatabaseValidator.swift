import TrellisCore
import TrellisModel

/// Checks a Trellis database as `trellis validate DB` does: SQLite's full integrity check first
/// (``open(path:onIntegrityProblem:)``), then every document's shared version against the schema
/// (``run(_:name:onProblem:)``), each problem placed at its offset and line:column in the text,
/// at most `ProblemLimit.perLine` of them in full per document.
public struct DatabaseValidator {
    public let schema: TagSchema

    public init(schema: TagSchema) {
        self.schema = schema
    }

    /// Opens the database at `path` read-only once SQLite's `PRAGMA integrity_check` finds nothing
    /// wrong with it; what it finds goes to `onIntegrityProblem`, and the file is refused as
    /// damaged (`StoreError.damaged`).
    public static func open(path: String, onIntegrityProblem: (String) -> Void) throws -> AppDatabase {
        let integrity = try AppDatabase.integrityProblems(at: path)
        if let first = integrity.first {
            integrity.forEach(onIntegrityProblem)
            throw StoreError.damaged(path: path, detail: "PRAGMA integrity_check: \(first)")
        }
        return try AppDatabase.open(path: path, readOnly: true)
    }

    /// Checks every document of `database` (called `name` in the report); `onProblem` sees each
    /// line of the report: `NAME: ID @OFFSET (LINE:COLUMN): KIND: MESSAGE`.
    public func run(_ database: AppDatabase, name: String, onProblem: (String) -> Void) throws -> FileValidator.Summary {
        let validator = Validator(schema: schema)
        var summary = FileValidator.Summary()
        try database.forEachDocument { document in
            summary.documents += 1
            let annotated = document.annotated
            let violations = validator.violations(in: annotated)
            if !violations.isEmpty { summary.withProblems += 1 }
            summary.problems += violations.count
            // Placed in one pass over the text.
            let shown = Array(violations.prefix(ProblemLimit.perLine))
            let positions = TextPosition.positions(of: shown.map(\.range.lowerBound), in: annotated.scalars)
            for (violation, position) in zip(shown, positions) {
                onProblem("\(name): \(document.record.externalId) @\(violation.range.lowerBound) (\(position)): \(violation.kind.rawValue): \(violation.message)")
            }
            if violations.count > shown.count {
                onProblem("\(name): \(document.record.externalId): \(ProblemLimit.more(violations.count - shown.count, "in this document"))")
            }
        }
        return summary
    }
}
