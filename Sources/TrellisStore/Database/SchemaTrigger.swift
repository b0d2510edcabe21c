import GRDB

/// A trigger of the schema by name and definition, for code that sets it aside and puts it back.
struct SchemaTrigger: Sendable {
    let name: String
    let sql: String
}

extension AppDatabase {
    /// The triggers every span insert runs only to name a span inserted at an id a kept report
    /// (agreement's sums, quality's figures) already saw. A new database has nothing kept, so a
    /// build (``NewDatabaseBuild``) sets them aside while it imports: each costs about 0.3–0.5 µs
    /// per span, a tenth of an import of a million spans.
    static let reusedSpanIDTriggers = [agreementReusedSpanIDTrigger, qualityReusedSpanIDTrigger]
}
