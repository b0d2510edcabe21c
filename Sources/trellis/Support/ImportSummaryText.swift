import TrellisCore
import TrellisStore

/// The end-of-import summary as printed.
enum ImportSummaryText {
    static func render(_ summary: ImportSummary, file: String) -> String {
        var parts = ["\(summary.imported) imported" + (summary.withProblems > 0 ? " (\(summary.withProblems) with schema problems to review)" : "")]
        parts.append("\(summary.unchanged) unchanged")
        if summary.replaced > 0 { parts.append("\(summary.replaced) replaced") }
        if summary.changedKept > 0 { parts.append("\(summary.changedKept) changed but kept") }
        if summary.skipped > 0 { parts.append("\(summary.skipped) skipped") }
        parts.append("\(summary.rejected) rejected")
        let format = summary.format == .jsonl ? "" : " (\(summary.format.title))"
        return "\(file)\(format): " + parts.joined(separator: ", ")
    }
}
