import Foundation
import TrellisCore
import TrellisStore

/// `trellis agreement` as tables or JSON.
enum AgreementText {
    static func number(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "–"
    }

    static func tables(_ report: AgreementReport) -> String {
        guard report.documents > 0 else {
            return "No document has two or more independent versions yet (trellis assign --per-document 2 sets that up)."
        }
        var lines = ["\(report.documents) documents reviewed independently by \(report.reviewers.joined(separator: ", "))", ""]
        func figures(_ title: String, _ rows: [AgreementReport.Figures]) {
            lines += TextTable.render(
                header: [title, "documents", "exact F1", "overlap F1", "uα", "κ (chars)"],
                rows: rows.map { [$0.group, "\($0.documents)", number($0.exact.f1), number($0.overlap.f1), number($0.unitizingAlpha), number($0.kappa)] })
            lines.append("")
        }
        figures("pair", report.pairs)
        figures("mode", report.modes)
        figures("stage", report.stages)
        if let fleiss = report.fleissKappa { lines += ["Fleiss' κ (characters, 3+ reviewers): \(number(fleiss))", ""] }
        if !report.ratingAlpha.isEmpty {
            lines += TextTable.render(header: ["rating", "ordinal α"], rows: report.ratingAlpha.sorted { $0.key < $1.key }.map { [$0.key, number($0.value)] })
            lines.append("")
        }
        let labels = report.confusion.labels
        lines.append("Modes per character (both directions of every pair):")
        lines += TextTable.render(header: [""] + labels, rows: labels.map { row in [row] + labels.map { "\(report.confusion.count(row, $0))" } })
        lines.append("")
        lines += TextTable.render(header: ["worst documents", "κ (chars)", "reviewers"], rows: report.worst.map { [$0.id, number($0.kappa), $0.reviewers.joined(separator: ", ")] })
        return lines.joined(separator: "\n")
    }

    static func json(_ report: AgreementReport) -> String {
        func value(_ number: Double?) -> String { number.map { "\($0)" } ?? "null" }
        func figures(_ object: inout JSONObjectBuilder, _ row: AgreementReport.Figures) {
            object.string("group", row.group)
            object.int("documents", row.documents)
            object.raw("exact_f1", value(row.exact.f1))
            object.raw("exact_precision", value(row.exact.precision))
            object.raw("exact_recall", value(row.exact.recall))
            object.raw("overlap_f1", value(row.overlap.f1))
            object.raw("unitizing_alpha", value(row.unitizingAlpha))
            object.raw("cohen_kappa", value(row.kappa))
        }
        var object = JSONObjectBuilder()
        object.int("documents", report.documents)
        object.strings("reviewers", report.reviewers)
        object.objects("pairs", report.pairs, figures)
        object.objects("modes", report.modes, figures)
        object.objects("stages", report.stages, figures)
        object.raw("fleiss_kappa", value(report.fleissKappa))
        object.object("rating_alpha") { ratings in
            for (dimension, alpha) in report.ratingAlpha.sorted(by: { $0.key < $1.key }) { ratings.raw(dimension, value(alpha)) }
        }
        object.object("confusion") { confusion in
            for row in report.confusion.labels {
                confusion.object(row) { cells in
                    for column in report.confusion.labels { cells.int(column, report.confusion.count(row, column)) }
                }
            }
        }
        object.objects("worst", report.worst) { entry, item in
            entry.string("id", item.id)
            entry.raw("cohen_kappa", value(item.kappa))
            entry.strings("reviewers", item.reviewers)
        }
        return String(decoding: object.finish(), as: UTF8.self)
    }
}
