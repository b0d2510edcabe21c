import TrellisCore
import TrellisStore

/// Exporting in tests with the built-in schema and rubric.
public enum ExportHelpers {
    /// Exports `database` in `format` to `path` (replacing what is there) and returns the summary
    /// and the problems `trellis validate` would find in what was written.
    public static func export(_ database: AppDatabase, _ format: ExportFormat, to path: String, policy: GoldPolicy? = nil,
                              _ configure: (inout ExportOptions) -> Void = { _ in }) throws -> (summary: ExportSummary, problems: [String]) {
        var options = ExportOptions(format: format, policy: policy ?? GoldPolicy(rubric: Fixtures.defaultRubric))
        configure(&options)
        let summary = try Exporter(database: database, schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric, options: options).run(to: path, force: true)
        return (summary, try ExportValidator.problems(at: path, format: format, schema: Fixtures.defaultSchema))
    }
}
