import GRDB
import TrellisCore
import TrellisModel

/// What a change of some spans does to a long version's kept counts, worked out around them
/// instead of from every span: the version is validated in a region before and after the change
/// and the difference added to its problem count. The region runs from the start of the last
/// untouched top-level span ending before the touched spans to the end of the first one starting
/// after them (else the text's ends): every problem a change can make or mend lies in it (a
/// span's own, its nesting, its transitions with its siblings, untagged text beside it), and what
/// the cut at its edges makes up is the same before and after.
struct NeighbourhoodCount {
    let documentID: Int64
    let owner: Int64?
    let region: Range<Int>
    let length: Int
    let text: [Unicode.Scalar]
    let validator: Validator
    let problemsBefore: Int
    let liveBefore: Int

    /// Counts the region's problems before the change: `before` and `after` are the touched spans
    /// in both states; `window`, when the reviewer's window holds the region, spares reading its
    /// text, and `length`, the text's, reading the document's row.
    init(documentID: Int64, owner: Int64?, before: [SpanSnapshot], after: [SpanSnapshot], schema: TagSchema,
         window: (text: String, range: Range<Int>)? = nil, length knownLength: Int? = nil, in db: Database) throws {
        self.documentID = documentID
        self.owner = owner
        validator = Validator(schema: schema)
        self.length = try knownLength ?? Int.fetchOne(db.cachedStatement(sql: "SELECT length FROM document WHERE id = ?"), arguments: [documentID]) ?? 0
        let touched = before + after
        let low = touched.map(\.start).min() ?? 0, high = touched.map(\.end).max() ?? 0
        let ids = Set(touched.map(\.id)).map(String.init).joined(separator: ",")
        let version = "document_id = ? AND owner_id IS ? AND deleted = 0 AND depth = 0 AND id NOT IN (\(ids.isEmpty ? "0" : ids))"
        let lower = try Int.fetchOne(db, sql: "SELECT start FROM span WHERE \(version) AND start <= ? AND \"end\" <= ? ORDER BY start DESC LIMIT 1",
                                     arguments: [documentID, owner, low, low]) ?? 0
        let upper = try Int.fetchOne(db, sql: "SELECT \"end\" FROM span WHERE \(version) AND start >= ? ORDER BY start LIMIT 1",
                                     arguments: [documentID, owner, high]) ?? length
        region = min(lower, upper)..<max(lower, upper)
        if let window, window.range.lowerBound <= region.lowerBound, window.range.upperBound >= region.upperBound {
            let scalars = Array(window.text.unicodeScalars)
            let from = region.lowerBound - window.range.lowerBound
            text = Array(scalars[min(from, scalars.count)..<min(from + region.count, scalars.count)])
        } else {
            text = Array(try AppDatabase.text(of: documentID, in: region, length: length, in: db).unicodeScalars)
        }
        liveBefore = before.filter { !$0.deleted }.count
        problemsBefore = try Self.problems(in: region, text: text, documentID: documentID, owner: owner, length: length, validator: validator, in: db)
    }

    /// The change in live spans and problems, once the change is applied (`after`: the touched spans as they are now).
    func change(after: [SpanSnapshot], in db: Database) throws -> CountChange {
        let problems = try Self.problems(in: region, text: text, documentID: documentID, owner: owner, length: length, validator: validator, in: db)
        return CountChange(spans: after.filter { !$0.deleted }.count - liveBefore, problems: problems - problemsBefore)
    }

    private static func problems(in region: Range<Int>, text: [Unicode.Scalar], documentID: Int64, owner: Int64?, length: Int, validator: Validator,
                                 in db: Database) throws -> Int {
        let spans = try AppDatabase.liveSpans(of: documentID, owner: owner, startingIn: region, length: length, in: db)
            .filter { region.upperBound >= length || $0.start < region.upperBound }
            .map { Span(start: $0.start - region.lowerBound, end: $0.end - region.lowerBound, label: $0.label, depth: $0.depth) }
        return validator.violations(in: AnnotatedText(scalars: text, spans: spans)).count
    }
}

/// How a change moved a version's kept counts.
struct CountChange: Hashable {
    var spans = 0
    var problems = 0
}
