import GRDB

extension AppDatabase {
    /// The list filtered by stage and problems (`stage:2 problems`) read `document_by_stage` and
    /// skipped every document of the stage without problems until a page was full: a scan of the
    /// stage when problems are rare. Partial, so documents without problems cost nothing in it.
    static func addProblemsByStageIndex(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX document_with_problems_by_stage ON document(stage, id) WHERE problem_count > 0")
    }
}
