import Foundation
import TrellisModel
import TrellisStore

/// `trellis stats` as printed.
enum StatsText {
    static func render(_ stats: DatabaseStats, reviews: ReviewStats? = nil, path: String) -> String {
        let labels: String = stats.spansByLabel.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let statuses: String = DocumentStatus.allCases.map { "\($0.rawValue) \(stats.byStatus[$0] ?? 0)" }.joined(separator: ", ")
        var lines: [String] = [
            "database:  \(path)",
            "documents: \(stats.documents) (\(stats.documentsWithProblems) with schema problems)",
            "spans:     \(stats.spans)" + (labels.isEmpty ? "" : " (\(labels))"),
            "reviewers: \(stats.reviewers)",
            "status:    \(statuses)",
            "",
        ]
        let header = ["stage", "documents", "spans", "approved", "rejected", "problems"]
        let rows = stats.byStage.map { row in
            [row.stage.map(String.init) ?? "-", "\(row.documents)", "\(row.spans)", "\(row.approved)", "\(row.rejected)", "\(row.withProblems)"]
        }
        lines += TextTable.render(header: header, rows: rows)
        if let reviews { lines += render(reviews) }
        return lines.joined(separator: "\n")
    }

    private static func render(_ reviews: ReviewStats) -> [String] {
        guard !reviews.byReviewer.isEmpty else { return ["", "No reviews yet."] }
        func decisions(_ title: String, _ groups: [ReviewStats.Decisions], rated: Bool) -> [String] {
            var header = [title, "reviewed", "approved", "rejected", "flagged"]
            if rated { header.append("rated") }
            return [""] + TextTable.render(header: header, rows: groups.map { group in
                var row = [group.group, "\(group.reviewed)", "\(group.approved)", "\(group.rejected)", "\(group.flagged)"]
                if rated { row.append("\(group.rated)") }
                return row
            })
        }
        var lines = decisions("reviewer", reviews.byReviewer, rated: true)
        lines += decisions("stage", reviews.byStage, rated: false)
        if !reviews.meanRatings.isEmpty {
            lines += [""] + TextTable.render(header: ["dimension", "mode", "mean", "ratings"], rows: reviews.meanRatings.map {
                [$0.dimension, $0.mode, String(format: "%.2f", $0.mean), "\($0.count)"]
            })
        }
        if !reviews.activity.isEmpty {
            lines += [""] + TextTable.render(header: ["day", "reviewer", "changes"], rows: reviews.activity.map { [$0.day, $0.reviewer, "\($0.changes)"] })
        }
        return lines
    }
}

/// A plain text table with right-aligned numeric columns.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> [String] {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        return [line(header)] + rows.map(line)
    }
}
